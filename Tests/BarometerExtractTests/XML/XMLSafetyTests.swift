import BarometerCore
import Foundation
import Testing

@testable import BarometerExtract

/// Encodings, malformed documents and hostile ones, through the readers that stream XML.
@Suite struct XMLSafetyTests {
    let respondents = RecordXMLReader(recordElement: "respondent")

    @Test(arguments: [
        ("encoding-utf8.xml", "€ “citat” – æøå"),
        ("encoding-latin1.xml", "æøå ÆØÅ"),
        ("encoding-cp1252.xml", "€ “citat” – æøå"),
        ("encoding-utf16.xml", "€ “citat” – æøå"),
    ])
    func decodesTheDeclaredEncoding(file: String, note: String) throws {
        let data = try respondents.read(path: Fixture.path(file)).dataset
        #expect(data["city"]?.texts == ["Århus"])
        #expect(data["note"]?.texts == [note])
        #expect(data.sourceLines == [4])
    }

    @Test func notWellFormedXMLGivesLibxml2sLineAndColumn() {
        let path = Fixture.path("not-well-formed.xml")
        let error = barometerError { _ = try respondents.read(path: path) }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: path, line: 4, column: 15))
        #expect(error?.message == "not well-formed XML: Opening and ending tag mismatch: q1 line 4 and q2")
    }

    @Test func externalEntityIsNeverRead() {
        let path = Fixture.path("xxe.xml")
        let error = barometerError { _ = try respondents.read(path: path) }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: path, line: 8))
        #expect(
            error?.message == "entity reference &secret; is not expanded: only &amp; &lt; &gt; &quot; &apos; "
                + "and character references are allowed")
        #expect(error?.description.contains("TOP-SECRET") == false)
    }

    @Test func externalEntityInAnAttributeIsRefused() {
        let path = Fixture.path("xxe-attribute.xml")
        let error = barometerError { _ = try respondents.read(path: path) }
        #expect(error?.kind == .badData)
        #expect(error?.location?.line == 6)
        #expect(error?.message == "not well-formed XML: Attribute references external entity 'secret'")
        #expect(error?.description.contains("TOP-SECRET") == false)
    }

    @Test func billionLaughsIsRefused() {
        let path = Fixture.path("billion-laughs.xml")
        let error = barometerError { _ = try respondents.read(path: path) }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: path, line: 17, column: 15))
        #expect(error?.message == "not well-formed XML: Detected an entity reference loop")
    }

    @Test func deepNestingIsRefused() throws {
        let depth = 10_000
        let document =
            "<respondents><respondent><q1>" + String(repeating: "<a>", count: depth) + "1"
            + String(repeating: "</a>", count: depth) + "</q1></respondent></respondents>\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-deep-\(getpid()).xml")
        try Data(document.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = barometerError { _ = try respondents.read(path: url.path) }
        #expect(error?.kind == .badData)
        #expect(error?.location?.line == 1)
        #expect(error?.message.hasPrefix("not well-formed XML: Excessive depth in document: 256") == true)
    }

    @Test func nestingWithinTheLimitIsRead() throws {
        let depth = 200
        let document =
            "<respondents><respondent><q1>" + String(repeating: "<a>", count: depth) + "12"
            + String(repeating: "</a>", count: depth) + "</q1></respondent></respondents>\n"
        let reader = try XMLStreamReader(bytes: Array(document.utf8), path: "nested.xml")
        var text = ""
        while try reader.read() {
            if reader.kind == .startElement, reader.localNameIs("q1") { text = try reader.elementText() }
        }
        #expect(text == "12")
    }

    @Test func readsFromMemoryWithLocations() throws {
        let document = "<?xml version=\"1.0\"?>\n<r>\n  <a x=\"1\">hi</a>\n  <b/>\n</r>\n"
        let reader = try XMLStreamReader(bytes: Array(document.utf8), path: "memory.xml")
        var seen: [String] = []
        while try reader.read() {
            guard reader.kind == .startElement else { continue }
            seen.append("\(reader.localName)@\(reader.line):\(reader.depth):\(reader.attribute("x") ?? "-")")
        }
        #expect(seen == ["r@2:0:-", "a@3:1:1", "b@4:1:-"])
    }
}
