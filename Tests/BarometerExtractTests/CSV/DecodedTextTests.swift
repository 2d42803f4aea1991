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

    /// What reads in place, and where it starts; `inPlace` agrees with `init` on the encoding.
    @Test func textThatNeedsNoDecodingReadsInPlace() {
        func inPlace(_ bytes: [UInt8], _ encoding: TextEncoding = .auto) -> (start: Int, charset: SingleByteCharset?)? {
            bytes.withUnsafeBufferPointer { DecodedText.inPlace($0, encoding: encoding, release: { _ in }) }
        }
        let windows1252 = SingleByteCharset(.windows1252)
        let utf8 = Array(danish.utf8)
        #expect(inPlace(utf8)! == (0, nil))
        #expect(inPlace([0xEF, 0xBB, 0xBF] + utf8)! == (3, nil))
        #expect(inPlace([0xEF, 0xBB, 0xBF] + utf8, .utf8)! == (3, nil))
        let ansi = Windows1252.encode(danish)!
        #expect(inPlace(ansi)! == (0, windows1252))
        #expect(inPlace(ansi, .windows1252)! == (0, windows1252))
        #expect(inPlace(ansi, .latin1)! == (0, SingleByteCharset(.latin1)))
        // Decoded first: UTF-16, and declared UTF-8 that is not (its error names the byte).
        #expect(inPlace([0xFF, 0xFE] + Array("a;b\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) == nil)
        #expect(inPlace(Array("a;b\n".utf8), .utf16) == nil)
        #expect(inPlace(ansi, .utf8) == nil)
    }

    /// The check of a large UTF-8 text goes window by window, each window ending before an
    /// ASCII byte, so a character across a window's nominal end is never cut in two.
    @Test func aLargeTextIsCheckedInWindowsWithoutCuttingACharacter() {
        let window = 8 << 20
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: window - 1) + Array("æøå".utf8) + Array("b\n".utf8)
        var released: [Range<Int>] = []
        let valid = bytes.withUnsafeBufferPointer { DecodedText.inPlace($0, encoding: .auto, release: { released.append($0) }) }
        #expect(valid! == (0, nil))
        #expect(released == [0..<(window - 1 + 6), (window - 1 + 6)..<bytes.count])
        bytes[window + 1] = 0xFF
        let invalid = bytes.withUnsafeBufferPointer { DecodedText.inPlace($0, encoding: .auto, release: { _ in }) }
        #expect(invalid! == (0, SingleByteCharset(.windows1252)))
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
