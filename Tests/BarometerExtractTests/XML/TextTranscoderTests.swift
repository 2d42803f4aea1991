import Testing

@testable import BarometerExtract

@Suite struct TextTranscoderTests {
    func utf8(_ bytes: [UInt8], _ name: String) -> String {
        String(decoding: TextTranscoder.utf8(bytes, encoding: TextTranscoder.encoding(named: name)!), as: UTF8.self)
    }

    @Test func decodesSurveyEncodings() {
        #expect(utf8([0xC5, 0x72, 0x68, 0x75, 0x73], "ISO-8859-1") == "Århus")
        #expect(utf8([0x80, 0x20, 0x93, 0x61, 0x94], "windows-1252") == "€ “a”")
        #expect(utf8([0xA4], "ISO-8859-15") == "€")
        #expect(utf8([0xEF, 0xBB, 0xBF, 0xC3, 0xA6], "ISO-8859-1") == "æ")  // the BOM wins
        #expect(utf8([0xFF, 0xFE, 0xE6, 0x00, 0x0A, 0x00], "UTF-8") == "æ\n")
        #expect(utf8([0xFE, 0xFF, 0x20, 0xAC], "UTF-8") == "€")
        #expect(utf8([0x61, 0xE6, 0x62], "UTF-8") == "a\u{FFFD}b")
        #expect(TextTranscoder.encoding(named: "EBCDIC") == nil)
    }
}
