import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct DecodedTextTests {
    let danish = "navn;by\nSøren;Århus\n"

    func decode(_ bytes: [UInt8], _ encoding: TextEncoding = .auto) throws -> DecodedText {
        try DecodedText(bytes: bytes, encoding: encoding, sourceName: "t.csv")
    }

    @Test func utf8WithAndWithoutBOM() throws {
        #expect(try decode(Array(danish.utf8)).bytes == Array(danish.utf8))
        let withBOM = try decode([0xEF, 0xBB, 0xBF] + Array(danish.utf8))
        #expect(withBOM.bytes == Array(danish.utf8))
        #expect(withBOM.encoding == .utf8)
    }

    @Test func windows1252IsDetectedAndDecoded() throws {
        let bytes = Windows1252.encode(danish + "€ – “x”\n")!
        let text = try decode(bytes)
        #expect(text.encoding == .windows1252)
        #expect(String(decoding: text.bytes, as: UTF8.self) == danish + "€ – “x”\n")
    }

    @Test func latin1MapsEveryByteToItsCodePoint() throws {
        let text = try decode([0x41, 0xE6, 0x80], .latin1)
        #expect(String(decoding: text.bytes, as: UTF8.self) == "Aæ\u{80}")
    }

    @Test(arguments: [false, true])
    func utf16WithBOMInBothByteOrders(bigEndian: Bool) throws {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in (danish + "😀").utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bigEndian ? pair.reversed() : pair
        }
        let text = try decode(bytes)
        #expect(String(decoding: text.bytes, as: UTF8.self) == danish + "😀")
    }

    @Test func invalidUTF8InADeclaredUTF8FileIsAnErrorAtItsLineAndColumn() {
        #expect {
            try decode(Array("a;b\nok;x\nbad;".utf8) + [0xE6] + Array("\n".utf8), .utf8)
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .badData && error.location == SourceLocation(file: "t.csv", line: 3, column: 5)
        }
    }

    @Test func windows1252BundleReadsThroughTheCSVReader() throws {
        let bytes = Windows1252.encode("id;region\n1;Sjælland\n2;\"Nordjylland; øst\"\n")!
        let result = try CSVReader().read(bytes: bytes, sourceName: "t.csv")
        let region = try #require(result.dataset["region"])
        #expect(region.text(at: 0) == "Sjælland")
        #expect(region.text(at: 1) == "Nordjylland; øst")
    }
}
