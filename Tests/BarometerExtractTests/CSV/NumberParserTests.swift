import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct NumberParserTests {
    func parsed(_ text: String, _ parser: NumberParser) -> NumberParser.Value? {
        Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
    }

    func plain(_ text: String, _ parser: NumberParser) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { parser.plainDecimal($0) }
    }

    /// The decimal columns' shortcut gives exactly what the full parse gives, and declines
    /// every spelling the parse reads another way.
    @Test(arguments: [true, false])
    func plainDecimalsAreWhatTheParserReads(acceptsComma: Bool) {
        var generator = SplitMix64(seed: 15)
        for form in [NumberParser.Form.canonical, .padded] {
            var parser = NumberParser(acceptsComma: acceptsComma)
            parser.form = form
            for _ in 0..<20_000 {
                let integer = String(UInt64.random(in: 0...999_999_999_999, using: &generator) >> UInt64.random(in: 0...40, using: &generator))
                let fraction = String((0..<Int.random(in: 0...16, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)! })
                let mark = [".", ",", ""].randomElement(using: &generator)!
                let text = integer + mark + fraction
                if let value = plain(text, parser) {
                    #expect(parsed(text, parser) == .real(value), "\(text)")
                    #expect(text.count <= 16)
                }
            }
            for text in ["0.5", "12,25", "999999999999.999"] where acceptsComma || !text.contains(",") {
                #expect(plain(text, parser) != nil, "\(text)")
            }
            for text in ["1", "-0.5", "+1.5", " 1.5", "1.5 ", "01.5", ".5", "5.", "1e3", "1.5e3", "1234567890123.456", "1.2.3", ""] {
                #expect(plain(text, parser) == nil, "\(text)")
            }
        }
    }
}
