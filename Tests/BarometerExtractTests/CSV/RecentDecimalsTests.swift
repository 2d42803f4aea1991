import Testing

@testable import BarometerExtract

/// The cache of long decimals must give exactly what the parser gives, for values seen again,
/// values that share a slot, and fields that are not numbers.
@Suite struct RecentDecimalsTests {
    func parse(_ text: String, _ cache: borrowing RecentDecimals, _ parser: NumberParser) -> NumberParser.Value? {
        Array(text.utf8).withUnsafeBufferPointer { cache.parse($0, with: parser) }
    }

    func parse(_ text: String, _ parser: NumberParser) -> NumberParser.Value? {
        Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
    }

    @Test func repeatedAndCollidingValuesParseAsTheParserParsesThem() {
        let parser = NumberParser(acceptsComma: false)
        let cache = RecentDecimals()
        // Ten thousand distinct values in 4,096 slots: many collide; each is read three times.
        var state: UInt64 = 2019
        let texts = (0..<10_000).map { _ -> String in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return String(Double(state >> 11) / Double(1 << 40))
        }
        for _ in 0..<3 {
            for text in texts { #expect(parse(text, cache, parser) == parse(text, parser)) }
        }
        #expect(texts.allSatisfy { $0.utf8.count >= 16 ? parse($0, cache, parser) != nil : true })
    }

    @Test func fieldsThatAreNotNumbersStayNil() {
        let parser = NumberParser(acceptsComma: true)
        let cache = RecentDecimals()
        for text in ["1234567890123456x", "8.008795348770164;", "8,008795348770164e", "                "] {
            #expect(parse(text, cache, parser) == nil)
            #expect(parse(text, cache, parser) == nil)
        }
        #expect(parse("8,008795348770164", cache, parser) == .real(8.008795348770164))
        #expect(parse("8,008795348770164", cache, parser) == .real(8.008795348770164))
    }
}
