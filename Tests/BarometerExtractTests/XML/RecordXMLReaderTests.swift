import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct RecordXMLReaderTests {
    let path = Fixture.path("respondents.xml")

    @Test func readsOneRowPerRecordElement() throws {
        let result = try RecordXMLReader(recordElement: "respondent").read(path: path)
        let data = result.dataset
        #expect(data.columnNames == ["id", "sector", "q1", "q2", "comment", "extra"])
        #expect(data.sourceLines == [5, 10, 20])
        #expect(data["id"]?.integers == [1, 2, 4])
        #expect(data["sector"]?.integers == [1, 3, nil])
        #expect(data["q1"]?.integers == [3, nil, 2])
        #expect(data["q2"]?.reals == [2.5, 4, 0.5])
        #expect(data["comment"]?.texts == ["Kantine i Århus", "Brug <b>mere</b> tid", "Flere gode idéer"])
        #expect(data["extra"]?.integers == [nil, 7, nil])
        #expect(data.codebook["q2"]?.kind == .quantity)
        #expect(data.codebook["comment"]?.kind == .text)
    }

    @Test func rejectsARecordThatGivesAVariableTwice() throws {
        let result = try RecordXMLReader(recordElement: "respondent").read(path: path)
        #expect(result.rowsRead == 4)
        #expect(result.rowsRead == result.dataset.rowCount + result.rejects.count)
        #expect(result.rejects == [
            RejectedRow(
                location: BarometerCore.SourceLocation(file: path, line: 18), variable: "q1",
                reason: "the record gives q1 twice", raw: "id=3 sector=2 q1=1")
        ])
    }

    @Test func infersTypesFromCanonicalNumbersAndKeepsTextAsWritten() throws {
        let data = try RecordXMLReader(recordElement: "respondent").read(path: Fixture.path("inferred-types.xml")).dataset
        #expect(data["id"]?.integers == [1, 2, 3])
        // Padded or signed numbers are text, as in CSV; a column that meets text late keeps
        // its earlier cells as they were written.
        #expect(data["postcode"]?.texts == ["8000", "0800", "9000"])
        #expect(data["score"]?.texts == ["1.50", "2", "n/a"])
        #expect(data["code"]?.texts == ["+3", "4", "5"])
        #expect(data["blank"]?.isText == true)
        #expect(data["blank"]?.texts == ["", "", ""])
        #expect(data.codebook["id"]?.kind == .single)
        #expect(data.codebook["score"]?.kind == .text)
        #expect(data.codebook["blank"]?.kind == .text)
    }

    @Test func noRecordElementIsAnError() {
        let error = barometerError { _ = try RecordXMLReader(recordElement: "respondant").read(path: path) }
        #expect(error?.kind == .badData)
        #expect(error?.message == "no <respondant> elements in the file; the root <export> holds <survey>, <respondents>")
    }

    @Test func missingFileIsMissingInput() {
        let error = barometerError { _ = try RecordXMLReader(recordElement: "r").read(path: Fixture.path("absent.xml")) }
        #expect(error?.kind == .missingInput)
    }
}
