import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct SingleByteCharsetTests {
    /// The text a byte at a time, as the code page's scalars: what `decode` must match.
    func reference(_ bytes: [UInt8], _ scalar: (UInt8) -> Unicode.Scalar) -> [UInt8] {
        Array(String(String.UnicodeScalarView(bytes.map(scalar))).utf8)
    }

    func decoded(_ bytes: [UInt8], _ charset: SingleByteCharset, unescapingQuotes: Bool = false) -> [UInt8] {
        bytes.withUnsafeBufferPointer { bytes in
            var out: [UInt8] = []
            charset.appendUTF8(bytes, unescapingQuotes: unescapingQuotes, to: &out)
            return out
        }
    }

    /// Text that mixes runs of ASCII (longer and shorter than the eight bytes taken at once)
    /// with bytes beyond it.
    func mixedText(count: Int, using generator: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in
            Int.random(in: 0..<5, using: &generator) == 0 ? UInt8.random(in: 0x80...0xFF, using: &generator)
                : UInt8.random(in: 0x20...0x7E, using: &generator)
        }
    }

    @Test func decodesLikeOneScalarPerByteAtEveryLengthAndMix() {
        var generator = SplitMix64(seed: 1252)
        let charsets: [(SingleByteCharset, (UInt8) -> Unicode.Scalar)] = [
            (.windows1252, { Unicode.Scalar(Windows1252.scalar(of: $0))! }),
            (.latin1, { Unicode.Scalar($0) }),
        ]
        for (charset, scalar) in charsets {
            for count in 0..<70 {
                for _ in 0..<20 {
                    let text = mixedText(count: count, using: &generator)
                    #expect(decoded(text, charset) == reference(text, scalar), "\(text)")
                }
            }
            let everyByte = (0...255).map(UInt8.init)
            #expect(decoded(everyByte, charset) == reference(everyByte, scalar))
        }
        #expect(decoded([0xA4, 0xBD], .latin9) == Array("€œ".utf8))
    }

    @Test func makesDoubledQuotesSingleWhereverTheyFall() {
        var generator = SplitMix64(seed: 34)
        for count in 0..<60 {
            for _ in 0..<20 {
                // Quotes in pairs, as inside a quoted field, among ASCII and high bytes.
                var field: [UInt8] = []
                var expected: [UInt8] = []
                while field.count < count {
                    if Int.random(in: 0..<6, using: &generator) == 0 {
                        field += [0x22, 0x22]
                        expected.append(0x22)
                    } else {
                        var byte = mixedText(count: 1, using: &generator)[0]
                        if byte == 0x22 { byte = 0x27 }
                        field.append(byte)
                        expected.append(byte)
                    }
                }
                #expect(decoded(field, .unchanged, unescapingQuotes: true) == expected)
                #expect(decoded(field, .latin1, unescapingQuotes: true) == reference(expected, { Unicode.Scalar($0) }))
                // Without unescaping, quotes are text like any other byte.
                #expect(decoded(field, .unchanged) == field)
            }
        }
    }

    @Test func decodesAWholeFileAcrossItsBlocks() {
        var generator = SplitMix64(seed: 16)
        let text = mixedText(count: 200_003, using: &generator)
        let utf8 = text.withUnsafeBufferPointer { SingleByteCharset.windows1252.utf8($0) }
        #expect(utf8 == reference(text, { Unicode.Scalar(Windows1252.scalar(of: $0))! }))
    }
}
