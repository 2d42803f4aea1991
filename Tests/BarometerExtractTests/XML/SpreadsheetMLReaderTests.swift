import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct SpreadsheetMLReaderTests {
    let path = Fixture.path("workbook.xml")

    @Test func readsTheFirstWorksheet() throws {
        let result = try SpreadsheetMLReader().read(path: path)
        let data = result.dataset
        #expect(data.sourceFile == path)
        #expect(data.columnNames == ["respondent", "sector", "weight", "comment", "postcode", "started"])
        // The empty <Row/> (line 38) is not a record; rows 46 and 50 are rejected.
        #expect(data.sourceLines == [25, 33, 39])
        #expect(result.rowsRead == 5)
        #expect(result.rowsRead == data.rowCount + result.rejects.count)
        #expect(data["respondent"]?.integers == [1, 2, 3])
        #expect(data["sector"]?.integers == [2, nil, 1])
        #expect(data["weight"]?.reals == [1.25, 0.75, 1])
        #expect(data["comment"]?.texts == ["Bedre & hurtigere", "", "Fed tekst i Århus"])
        #expect(data["postcode"]?.texts == ["0800", "8000", "9000"])
        #expect(data["started"]?.texts == ["2025-03-12T09:30:00.000", "", ""])
        #expect(data.codebook["sector"]?.kind == .single)
        #expect(data.codebook["weight"]?.kind == .quantity)
        #expect(data.codebook["postcode"]?.kind == .text)
    }

    @Test func rejectsBadNumbersAndCellsWithoutHeader() throws {
        let result = try SpreadsheetMLReader().read(path: path)
        #expect(result.rejects == [
            RejectedRow(
                location: BarometerCore.SourceLocation(file: path, line: 48), variable: "sector",
                reason: "a Number cell holds \"n/a\"", raw: "4\tn/a"),
            RejectedRow(
                location: BarometerCore.SourceLocation(file: path, line: 52), variable: nil,
                reason: "column 7 has a value but no header (the header has 6 columns)", raw: "5\tstray"),
        ])
    }

    @Test func numberCellsMayBePaddedAndTextKeepsThemAsWritten() throws {
        let data = try SpreadsheetMLReader().read(path: Fixture.path("padded-numbers.xml")).dataset
        #expect(data["count"]?.reals == [7, 0.5])
        #expect(data["note"]?.texts == ["+2.50", "x"])
    }

    @Test func readsANamedWorksheet() throws {
        let result = try SpreadsheetMLReader(worksheet: "Labels").read(path: path)
        #expect(result.dataset.columnNames == ["variable", "label", "done"])
        #expect(result.dataset["label"]?.texts == ["Sektor", "Vægt"])
        #expect(result.dataset["done"]?.integers == [1, 0])
        #expect(result.dataset.sourceLines == [66, 71])
    }

    @Test func unknownWorksheetIsAUsageError() {
        let error = barometerError { _ = try SpreadsheetMLReader(worksheet: "Results").read(path: path) }
        #expect(error?.kind == .usage)
        #expect(error?.message == "\(path) has no worksheet named 'Results' (it has: 'Data', 'Labels')")
    }

    @Test func otherXMLIsNotAWorkbook() {
        let error = barometerError { _ = try SpreadsheetMLReader().read(path: Fixture.path("respondents.xml")) }
        #expect(error?.kind == .badData)
        #expect(error?.message == "expected a SpreadsheetML <Workbook>, found <export>")
    }
}
