import BarometerCore
import Foundation
import Testing

@testable import BarometerExtract

/// Triple-S metadata is checked against Barometer's own DTD with libxml2's validator: what
/// breaks it is a warning at its line, and the DTD a document names is never fetched.
@Suite struct TripleSValidationTests {
    func metadata(_ text: String) throws -> TripleSMetadata {
        try TripleSMetadataParser(path: "t.sss").parse(bytes: Array(text.utf8))
    }

    /// A small valid 2.0 document, with `prologue` before the root and `extra` in the record.
    func document(prologue: String = "", extra: String = "", recordAttributes: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        \(prologue)
        <sss version="2.0">
          <survey>
            <record ident="A"\(recordAttributes)>
              <variable ident="1" type="single">
                <name>q1</name>
                <label>Question</label>
                <position start="1"/>
                <values><value code="1">Yes</value><value code="2">No</value></values>
              </variable>\(extra)
            </record>
          </survey>
        </sss>
        """
    }

    @Test func theSampleWaveAndAFullFixtureConform() throws {
        #expect(try metadata(document()).conformance == [])
        let repository = String(#filePath[..<#filePath.range(of: "/Tests/")!.lowerBound])
        for path in [Fixture.path("TripleS/barometer.sss"), "\(repository)/SampleInput/barometer-2019-triple-s/barometer.sss"] {
            #expect(try TripleSReader().readMetadata(path: path).conformance == [], "\(path)")
        }
    }

    @Test func leanFixturesAreReadWithWarnings() throws {
        // These fixtures leave out labels and add a vendor attribute, as real exporters do.
        let parsed = try TripleSReader().readMetadata(path: Fixture.path("TripleS/cp1252.sss"))
        #expect(parsed.conformance.map(\.location.line) == [5, 6, 7, 8])
        #expect(parsed.conformance[0].message.hasSuffix("No declaration for attribute data-file-encoding of element record"))
        #expect(parsed.variables.count == 3)
    }

    @Test func whatBreaksTheDTDIsAWarningAtItsLine() throws {
        let misplaced = """

                  <variable ident="2" type="quantity">
                    <name>q2</name>
                    <label>Amount</label>
                    <position start="2" finish="4"/>
                    <range from="0" to="999"/>
                  </variable>
            """
        let parsed = try metadata(document(extra: misplaced, recordAttributes: " vendor-attribute=\"x\""))
        #expect(parsed.conformance.map(\.location.line) == [5, 12])
        #expect(parsed.conformance[0].message.contains("No declaration for attribute vendor-attribute of element record"))
        #expect(parsed.conformance[1].message.contains("got (name label position range )"))
        // Still read: the DTD is advice, the parser's own checks decide.
        #expect(parsed.variables.map(\.name) == ["q1", "q2"])
    }

    @Test func theLegacyFixtureIsReadWithAWarning() throws {
        let result = try TripleSReader().read(metadataPath: Fixture.path("TripleS/legacy-1.2.sss"))
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.location.line == 31)
        #expect(result.dataset.rowCount > 0)
    }

    @Test func theDoctypeIsNeverFollowed() throws {
        // A DTD on disk that every document would break, and one on a host that does not exist.
        let hostile = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-\(UUID().uuidString).dtd").path
        try "<!ELEMENT sss EMPTY>".write(toFile: hostile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: hostile) }
        for doctype in [
            "<!DOCTYPE sss SYSTEM \"file://\(hostile)\">",
            "<!DOCTYPE sss SYSTEM \"\(hostile)\">",
            "<!DOCTYPE sss PUBLIC \"-//triple-s//DTD Survey Interchange v2.0//EN\" \"http://dtd.invalid/sss_v20.dtd\">",
            // An internal subset is set aside too.
            "<!DOCTYPE sss [ <!ELEMENT sss EMPTY> ]>",
        ] {
            #expect(try metadata(document(prologue: doctype)).conformance == [], "\(doctype)")
        }
    }
}
