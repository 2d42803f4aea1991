import BarometerCore
import Testing

@testable import BarometerExtract

/// `DecodedText` as the Triple-S reader uses it: encodings named by metadata, decoded leniently.
@Suite struct LenientDecodingTests {
    func utf8(_ bytes: [UInt8], _ charset: String) throws -> String {
        let encoding = try #require(TextEncoding(charset: charset))
        let text = try DecodedText(bytes: bytes, encoding: encoding, sourceName: "t.asc", policy: .lenient)
        return String(decoding: text.bytes, as: UTF8.self)
    }

    @Test func decodesSurveyEncodings() throws {
        #expect(try utf8([0xC5, 0x72, 0x68, 0x75, 0x73], "ISO-8859-1") == "Århus")
        #expect(try utf8([0x80, 0x20, 0x93, 0x61, 0x94], "windows-1252") == "€ “a”")
        #expect(try utf8([0xA4, 0xBD, 0xE6], "ISO-8859-15") == "€œæ")
        #expect(try utf8([0x00, 0xE6], "UTF-16") == "æ")  // big-endian without a BOM
        #expect(TextEncoding(charset: "EBCDIC") == nil)
    }

    @Test func aByteOrderMarkWinsOverTheNamedEncoding() throws {
        #expect(try utf8([0xEF, 0xBB, 0xBF, 0xC3, 0xA6], "ISO-8859-1") == "æ")
        #expect(try utf8([0xFF, 0xFE, 0xE6, 0x00, 0x0A, 0x00], "UTF-8") == "æ\n")
        #expect(try utf8([0xFE, 0xFF, 0x20, 0xAC], "UTF-8") == "€")
    }

    @Test func undecodableBytesBecomeReplacementCharacters() throws {
        #expect(try utf8([0x61, 0xE6, 0x62], "UTF-8") == "a\u{FFFD}b")
        #expect(try utf8([0x61, 0x00, 0x00, 0xD8, 0x62, 0x00], "UTF-16LE") == "a\u{FFFD}b")
        #expect(try utf8([0x61, 0x00, 0x62], "UTF-16LE") == "a\u{FFFD}")
    }

    @Test func strictDecodingStillRefusesWhatLenientRepairs() {
        let error = barometerError {
            _ = try DecodedText(bytes: [0x61, 0x0A, 0x62, 0xE6], encoding: .utf8, sourceName: "t.csv")
        }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: "t.csv", line: 2, column: 2))
    }
}
