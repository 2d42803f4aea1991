import Testing

@testable import BarometerExtract

@Suite struct Windows1252Tests {
    @Test func encodesDanishLettersAndTypographyAsSingleBytes() {
        #expect(Windows1252.encode("æøåÆØÅ") == [0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5])
        #expect(Windows1252.encode("– € …") == [0x96, 0x20, 0x80, 0x20, 0x85])
        #expect(
            Windows1252.encode("Sjælland;1") == [
                0x53, 0x6A, 0xE6, 0x6C, 0x6C, 0x61, 0x6E, 0x64, 0x3B, 0x31,
            ])
    }

    @Test func refusesCharactersOutsideTheCodePage() {
        #expect(Windows1252.encode("Łódź") == nil)
        #expect(Windows1252.encode("✓") == nil)
        #expect(Windows1252.encode("\u{81}") == nil)
    }

    @Test func decodesEveryByteAndRoundTrips() {
        let text = "Ældre og social – Øget effektivitet på Sjælland"
        #expect(Windows1252.decode(Windows1252.encode(text)!) == text)
        // Undefined bytes decode to the C1 control of the same value, as WHATWG specifies.
        #expect(Windows1252.decode([0x81, 0x9D]) == "\u{81}\u{9D}")
        #expect(Windows1252.decode((0...255).map(UInt8.init)).unicodeScalars.count == 256)
    }
}
