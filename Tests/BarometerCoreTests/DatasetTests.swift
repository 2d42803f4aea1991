import Testing

@testable import BarometerCore

@Suite struct DatasetTests {
    func sample() -> Dataset {
        Dataset(
            sourceFile: "data.csv", sourceLines: [2, 3, 5],
            columns: [
                Column(name: "id", integers: [1, 2, Column.missingCode]),
                Column(name: "cost", reals: [1.5, .nan, 2]),
                Column(name: "note", texts: ["a", "", "æ;ø"]),
            ])
    }

    @Test func typedAccessAndMissingValues() {
        let dataset = sample()
        #expect(dataset["id"]?.code(at: 0) == 1)
        #expect(dataset["id"]?.isMissing(at: 2) == true)
        #expect(dataset["cost"]?.number(at: 1) == nil)
        #expect(dataset["cost"]?.code(at: 2) == 2)
        #expect(dataset["cost"]?.code(at: 0) == nil)
        #expect(dataset["note"]?.text(at: 2) == "æ;ø")
        #expect(dataset["note"]?.isMissing(at: 1) == true)
        #expect(dataset["cost"]?.text(at: 0) == "1.5")
    }

    @Test func filteringKeepsRowsAndTheirLines() {
        let kept = sample().filtered([true, false, true])
        #expect(kept.rowCount == 2)
        #expect(kept.sourceLines == [2, 5])
        #expect(kept["note"]?.text(at: 1) == "æ;ø")
        #expect(kept.location(ofRow: 1, column: "cost") == SourceLocation(file: "data.csv", line: 5, column: 2))
    }

    @Test func anUnknownColumnIsAUsageErrorThatNamesIt() {
        #expect {
            try sample().requireColumn("costs", for: "breakdown")
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .usage && error.message.contains("'costs'") && error.message.contains("cost")
        }
    }

    @Test func numbersAreWrittenRoundTripExact() {
        #expect(NumberFormat.roundTrip(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberFormat.roundTrip(2271) == "2271")
        #expect(NumberFormat.roundTrip(-0.5) == "-0.5")
        #expect(NumberFormat.roundTrip(.nan) == "")
    }

    @Test func everyErrorKindHasItsSysexitsCode() {
        #expect(ExitStatus(.usage).rawValue == 64)
        #expect(ExitStatus(.badData).rawValue == 65)
        #expect(ExitStatus(.missingInput).rawValue == 66)
        #expect(ExitStatus(.cannotWrite).rawValue == 73)
        #expect(ExitStatus(.locked).rawValue == 75)
        #expect(ExitStatus(.failure).rawValue == 1)
    }
}
