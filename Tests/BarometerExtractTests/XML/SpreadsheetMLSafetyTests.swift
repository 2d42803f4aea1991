import BarometerCore
import Foundation
import Testing

@testable import BarometerExtract

/// Encodings, malformed documents and hostile ones through `SpreadsheetMLReader`, whose
/// libxml2 SAX2 push parser must be as safe as the pull reader `XMLSafetyTests` covers.
@Suite struct SpreadsheetMLSafetyTests {
    /// A one-worksheet workbook around `rows` (`<Row>` elements), `prolog` before the root.
    static func workbook(_ rows: String, prolog: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") -> String {
        prolog + "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"\n"
            + " xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n"
            + " <Worksheet ss:Name=\"Data\"><Table>\n"
            + "  <Row><Cell><Data ss:Type=\"String\">city</Data></Cell><Cell><Data ss:Type=\"String\">note</Data></Cell></Row>\n"
            + rows + "\n </Table></Worksheet>\n</Workbook>\n"
    }

    /// Writes `bytes` to a temporary file, runs `body` on its path, removes it.
    static func withFile<Result>(_ bytes: Data, _ body: (String) throws -> Result) throws -> Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "barometer-spreadsheetml-\(getpid())-\(UUID().uuidString).xml")
        try bytes.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    @Test(arguments: [
        ("UTF-8", String.Encoding.utf8, "€ “citat” – æøå"),
        ("ISO-8859-1", .isoLatin1, "æøå ÆØÅ"),
        ("windows-1252", .windowsCP1252, "€ “citat” – æøå"),
        ("UTF-16", .utf16, "€ “citat” – æøå"),
    ])
    func decodesTheDeclaredEncoding(name: String, encoding: String.Encoding, note: String) throws {
        let text = Self.workbook(
            "  <Row><Cell><Data ss:Type=\"String\">Århus</Data></Cell><Cell><Data ss:Type=\"String\">\(note)</Data></Cell></Row>",
            prolog: "<?xml version=\"1.0\" encoding=\"\(name)\"?>\n")
        let bytes = try #require(text.data(using: encoding))
        let data = try Self.withFile(bytes) { try SpreadsheetMLReader().read(path: $0).dataset }
        #expect(data["city"]?.texts == ["Århus"])
        #expect(data["note"]?.texts == [note])
        #expect(data.sourceLines == [6])
    }

    @Test func notWellFormedXMLGivesLibxml2sLineAndColumn() throws {
        let text = Self.workbook("  <Row><Cell><Data ss:Type=\"String\">x</Cell></Row>")
        let error = try Self.withFile(Data(text.utf8)) { path in barometerError { _ = try SpreadsheetMLReader().read(path: path) } }
        #expect(error?.kind == .badData)
        #expect(error?.location?.line == 6)
        #expect(error?.location?.column == 45)
        #expect(error?.message == "not well-formed XML: Opening and ending tag mismatch: Data line 6 and Cell")
    }

    @Test func externalEntityIsNeverRead() throws {
        let secret = Fixture.path("secret.txt")
        let text = Self.workbook(
            "  <Row><Cell><Data ss:Type=\"String\">&secret;</Data></Cell></Row>",
            prolog: "<?xml version=\"1.0\"?>\n<!DOCTYPE Workbook [ <!ENTITY secret SYSTEM \"file://\(secret)\"> ]>\n")
        let error = try Self.withFile(Data(text.utf8)) { path in barometerError { _ = try SpreadsheetMLReader().read(path: path) } }
        #expect(error?.kind == .badData)
        #expect(error?.location?.line == 7)
        #expect(
            error?.message == "entity reference &secret; is not expanded: only &amp; &lt; &gt; &quot; &apos; "
                + "and character references are allowed")
        #expect(error?.description.contains("TOP-SECRET") == false)
    }

    @Test func externalEntityInAnAttributeIsRefused() throws {
        let secret = Fixture.path("secret.txt")
        let text = Self.workbook(
            "  <Row><Cell><Data ss:Type=\"&secret;\">1</Data></Cell></Row>",
            prolog: "<?xml version=\"1.0\"?>\n<!DOCTYPE Workbook [ <!ENTITY secret SYSTEM \"file://\(secret)\"> ]>\n")
        let error = try Self.withFile(Data(text.utf8)) { path in barometerError { _ = try SpreadsheetMLReader().read(path: path) } }
        #expect(error?.kind == .badData)
        #expect(error?.location?.line == 7)
        #expect(error?.message == "not well-formed XML: Attribute references external entity 'secret'")
        #expect(error?.description.contains("TOP-SECRET") == false)
    }

    @Test func billionLaughsIsRefused() throws {
        var declarations = "<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let below = level == 1 ? "lol" : "lol\(level - 1)"
            declarations += "<!ENTITY lol\(level) \"\(String(repeating: "&\(below);", count: 10))\">\n"
        }
        let text = Self.workbook(
            "  <Row><Cell><Data ss:Type=\"String\">&lol9;</Data></Cell></Row>",
            prolog: "<?xml version=\"1.0\"?>\n<!DOCTYPE Workbook [\n\(declarations)]>\n")
        let error = try Self.withFile(Data(text.utf8)) { path in barometerError { _ = try SpreadsheetMLReader().read(path: path) } }
        #expect(error?.kind == .badData)
        #expect(error?.location?.line == 18)
        #expect(error?.message.hasPrefix("entity reference &lol9; is not expanded") == true)
    }

    @Test func deepNestingIsRefused() throws {
        let depth = 10_000
        let text = Self.workbook(
            "  <Row><Cell><Data>" + String(repeating: "<a>", count: depth) + "1" + String(repeating: "</a>", count: depth)
                + "</Data></Cell></Row>")
        let error = try Self.withFile(Data(text.utf8)) { path in barometerError { _ = try SpreadsheetMLReader().read(path: path) } }
        #expect(error?.kind == .badData)
        #expect(error?.location?.line == 6)
        #expect(error?.message.hasPrefix("not well-formed XML: Excessive depth in document: 256") == true)
    }

    @Test func nestingWithinTheLimitIsRead() throws {
        let depth = 200
        let text = Self.workbook(
            "  <Row><Cell><Data>" + String(repeating: "<B>", count: depth) + "Odense" + String(repeating: "</B>", count: depth)
                + "</Data></Cell></Row>")
        let data = try Self.withFile(Data(text.utf8)) { try SpreadsheetMLReader().read(path: $0).dataset }
        #expect(data["city"]?.texts == ["Odense"])
    }

    @Test func missingFileIsMissingInput() {
        let error = barometerError { _ = try SpreadsheetMLReader().read(path: "/nonexistent/workbook.xml") }
        #expect(error?.kind == .missingInput)
    }

    /// More than one chunk of the push parser, with text split across chunk boundaries.
    @Test func readsAcrossChunks() throws {
        let count = 40_000
        var rows = ""
        for index in 0..<count {
            rows += "  <Row><Cell><Data ss:Type=\"String\">by \(index)</Data></Cell>"
                + "<Cell ss:Index=\"2\"><Data ss:Type=\"Number\"> \(index) </Data></Cell></Row>\n"
        }
        let text = Self.workbook(rows)
        #expect(text.utf8.count > 2 * XMLPushParser.chunkSize)
        let result = try Self.withFile(Data(text.utf8)) { try SpreadsheetMLReader().read(path: $0) }
        let data = result.dataset
        #expect(result.rowsRead == count)
        #expect(data["city"]?.texts == (0..<count).map { "by \($0)" })
        #expect(data["note"]?.integers == (0..<count).map { Int32($0) })
        #expect(data.sourceLines == (0..<count).map { Int32(6 + $0) })
    }
}
