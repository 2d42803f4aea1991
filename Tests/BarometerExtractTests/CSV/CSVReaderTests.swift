import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct CSVReaderTests {
    func read(
        _ text: String, dialect: CSVDialect = CSVDialect(), codebook: Codebook? = nil, options: ExtractOptions = ExtractOptions()
    ) throws -> ExtractResult {
        try CSVReader(dialect: dialect).read(bytes: Array(text.utf8), sourceName: "t.csv", codebook: codebook, options: options)
    }

    func integers(_ result: ExtractResult, _ name: String) -> [Int32] {
        guard case .integer(let values) = result.dataset[name]?.values else { return [] }
        return values.codes
    }

    func reals(_ result: ExtractResult, _ name: String) -> [Double] {
        guard case .real(let values) = result.dataset[name]?.values else { return [] }
        return values
    }

    func texts(_ result: ExtractResult, _ name: String) -> [String] {
        guard let column = result.dataset[name], case .text = column.values else { return [] }
        return (0..<column.count).map { column.text(at: $0) }
    }

    @Test(arguments: [";", ",", "\t", "|"])
    func theDelimiterIsSniffedFromTheHeader(delimiter: String) throws {
        let result = try read(["id", "x", "note"].joined(separator: delimiter) + "\n1\(delimiter)2\(delimiter)a\n2\(delimiter)\(delimiter)b\n")
        #expect(result.dataset.columnNames == ["id", "x", "note"])
        #expect(integers(result, "x") == [2, Column.missingCode])
        #expect(texts(result, "note") == ["a", "b"])
    }

    @Test func quotedFieldsKeepDelimitersQuotesAndLineBreaksAndLinesStayRight() throws {
        let text = "id;note;x\n1;\"a;b\";5\n2;\"say \"\"hi\"\"\nnext line\";6\n3;plain;7\n"
        let result = try read(text)
        #expect(texts(result, "note") == ["a;b", "say \"hi\"\nnext line", "plain"])
        #expect(integers(result, "x") == [5, 6, 7])
        #expect(result.dataset.sourceLines == [2, 3, 5])
    }

    @Test func crlfLfAndMixedLineEndingsAndNoFinalNewline() throws {
        let result = try read("a,b\r\n1,2\n3,4\r\n\r\n5,6")
        #expect(integers(result, "a") == [1, 3, 5])
        #expect(integers(result, "b") == [2, 4, 6])
        #expect(result.dataset.sourceLines == [2, 3, 5])
        #expect(result.rowsRead == 3)
    }

    @Test func decimalCommaIsAcceptedWhenTheDelimiterIsNotAComma() throws {
        let result = try read("id;cost\n1;1,25\n2;0,5\n3;\n4;12\n")
        #expect(reals(result, "cost").map { $0.isNaN ? -1 : $0 } == [1.25, 0.5, -1, 12])
        let pointOnly = try read("id;cost\n1;1,25\n", dialect: CSVDialect(decimal: .point))
        #expect(texts(pointOnly, "cost") == ["1,25"])
    }

    @Test func decimalsAreCorrectlyRounded() throws {
        let result = try read("x\n0.1\n123456789.123456789\n1e-5\n-2.5E3\n")
        #expect(reals(result, "x") == [0.1, 123456789.123456789, 1e-5, -2500])
    }

    @Test func inferenceKeepsLeadingZerosAndFallsBackToTextLate() throws {
        var rows = "zip;late\n"
        for index in 0..<50 { rows += "0\(index % 9 + 1)00;\(index)\n" }
        rows += "0800;n/a\n"
        let result = try read(rows)
        #expect(texts(result, "zip").first == "0100")
        let late = texts(result, "late")
        #expect(late.count == 51)
        #expect(late.first == "0" && late[49] == "49" && late.last == "n/a")
    }

    @Test func projectionKeepsOnlyTheNamedColumnsAndTheId() throws {
        let result = try read("id;a;b;c\n1;2;3;x\n", options: ExtractOptions(idColumn: "id", columns: ["b"]))
        #expect(result.dataset.columnNames == ["id", "b"])
    }

    @Test func aWrongFieldCountIsRejectedWithItsLineAndText() throws {
        let result = try read("a;b;c\n1;2;3\n4;5\n6;7;8\n")
        #expect(result.rowsRead == 3)
        #expect(result.dataset.rowCount == 2)
        #expect(
            result.rejects == [
                RejectedRow(location: SourceLocation(file: "t.csv", line: 3), reason: "expected 3 fields, found 2", raw: "4;5")
            ])
        #expect(integers(result, "a") == [1, 6])
    }

    @Test func aTrailingDelimiterIsTolerated() throws {
        let result = try read("a;b;\n1;2;\n3;4\n")
        #expect(result.rejects.isEmpty)
        #expect(integers(result, "b") == [2, 4])
    }

    @Test func aFileCutInsideQuotesRejectsTheLastRow() throws {
        let result = try read("a;b\n1;x\n2;\"unfinished\nmore")
        #expect(result.rowsRead == 2)
        #expect(result.rejects.map(\.location) == [SourceLocation(file: "t.csv", line: 3, column: 2)])
        #expect(result.rejects.first?.reason.hasPrefix("unterminated quoted field") == true)
    }

    @Test func textAfterAClosingQuoteIsRejected() throws {
        let result = try read("a;b\n1;\"x\"y\n")
        #expect(result.rejects.first?.location == SourceLocation(file: "t.csv", line: 2, column: 2))
    }

    func codebook() -> Codebook {
        Codebook([
            Variable(name: "s", kind: .single, valueLabels: [ValueLabel(code: "1", label: "Ja"), ValueLabel(code: "2", label: "Nej")]),
            Variable(name: "m", kind: .multipleOption, valueLabels: []),
            Variable(name: "q", kind: .quantity),
            Variable(name: "t", kind: .text),
        ])
    }

    @Test func codesOutsideTheCodebookAndTextInNumbersAreRejected() throws {
        let text = "id;s;m;q;t\n1;1;0;2;7\n2;7;1;1;x\n3;1;2;1;x\n4;2;1;abc;x\n5;1,5;1;1;x\n6;;;;\n"
        let result = try read(text, codebook: codebook(), options: ExtractOptions(idColumn: "id"))
        #expect(result.rowsRead == 6)
        #expect(integers(result, "id") == [1, 6])
        #expect(texts(result, "t") == ["7", ""])
        #expect(
            result.rejects.map(\.reason) == [
                "code 7 is not in the codebook of s (1, 2)",
                "code 2 is not in the codebook of m (0, 1)",
                "'abc' is not a number, but q is numeric in the codebook",
                "1.5 is not a whole-number code of s",
            ])
        #expect(result.rejects.map(\.location.column) == [2, 3, 4, 2])
        #expect(result.rejects.map(\.variable) == ["s", "m", "q", "s"])
    }

    /// Whole numbers written plainly skip the number parser: every spelling must come out as
    /// the parser reads it, in integer, real and coded columns, staged or wide.
    @Test func wholeNumbersReadAsTheNumberParserReadsThem() throws {
        let spellings = [
            "0", "7", "12", "254", "255", "999999999", "1000000000", "2147483647", "-5", " 12", "12 ", "010", "+3", "",
        ]
        let parser = NumberParser(acceptsComma: false)
        let expected = spellings.map { spelling -> Int32 in
            guard case .integer(let code) = Array(spelling.utf8).withUnsafeBufferPointer({ parser.parse($0) }) else {
                return Column.missingCode
            }
            return code
        }
        #expect(expected.filter { $0 == Column.missingCode }.count == 3)  // "010", "+3" and "" are not numbers
        let numbers = spellings.enumerated().filter { expected[$0.offset] != Column.missingCode || $0.element.isEmpty }
        // One column of the numbers as they come, one with a decimal first (real), one coded.
        let rows = numbers.map { "\($0.element);\($0.element);\($0.offset % 2 == 0 ? "12" : "13")" }
        let result = try read(
            "n;r;s\n" + (["3;0.5;12"] + rows).joined(separator: "\n") + "\n",
            codebook: Codebook([
                Variable(name: "n", kind: .quantity), Variable(name: "r", kind: .quantity),
                Variable(name: "s", kind: .single, valueLabels: [ValueLabel(code: "12", label: "a")]),
            ]))
        let kept = [3] + numbers.enumerated().filter { $0.offset % 2 == 0 }.map { expected[$0.element.offset] }
        #expect(integers(result, "n") == kept)
        #expect(reals(result, "r").map { $0.isNaN ? Double(Column.missingCode) : $0 } == [0.5] + kept.dropFirst().map(Double.init))
        #expect(Set(result.rejects.map(\.reason)) == ["code 13 is not in the codebook of s (12)"])
    }

    /// Empty cells are staged as missing at once while a column holds one-byte codes; they must
    /// read as the general path reads them in every kind of column, also one that widens,
    /// turns real or turns to text after them.
    @Test(arguments: [1, 3])
    func emptyCellsAreMissingInEveryKindOfColumn(chunks: Int) throws {
        var rows = ["id;a;b;c;d"]
        for row in 1...3000 {
            let late = row > 2000
            let cells = [
                row % 3 == 0 ? "" : String(row % 7),  // a: codes and empties
                row % 2 == 0 ? "" : late ? "0.5" : "1",  // b: turns real
                row % 4 == 0 ? "" : row == 2501 ? "x" : "2",  // c: turns to text
                row % 5 == 0 ? "" : late ? "300" : "4",  // d: widens
            ]
            rows.append("\(row);" + cells.joined(separator: ";"))
        }
        // Runs of empty fields that hold the id, or run past the last field.
        rows += [";;;;", "3001;;;;;;;;", "3002;1;1;2;4;;;"]
        var reader = CSVReader(dialect: CSVDialect(delimiter: .byte(UInt8(ascii: ";"))))
        reader.split.chunks = chunks
        let result = try reader.read(
            bytes: Array((rows.joined(separator: "\n") + "\n").utf8), sourceName: "t.csv", options: ExtractOptions(idColumn: "id"))
        #expect(result.rejects.map(\.reason) == ["the id is missing", "expected 5 fields, found 9", "expected 5 fields, found 8"])
        let m = Column.missingCode
        let all = Array(1...3000)
        #expect(integers(result, "a") == all.map { $0 % 3 == 0 ? m : Int32($0 % 7) })
        #expect(reals(result, "b").map { $0.isNaN ? -1 : $0 } == all.map { $0 % 2 == 0 ? -1 : $0 > 2000 ? 0.5 : 1 })
        #expect(texts(result, "c") == all.map { $0 % 4 == 0 ? "" : $0 == 2501 ? "x" : "2" })
        #expect(integers(result, "d") == all.map { $0 % 5 == 0 ? m : $0 > 2000 ? 300 : 4 })
    }

    @Test func duplicateAndMissingIdsAreRejectedAndTheFirstIsKept() throws {
        let result = try read("id;x\n7;1\n8;2\n7;3\n;4\n", options: ExtractOptions(idColumn: "id"))
        #expect(integers(result, "x") == [1, 2])
        #expect(result.rejects.map(\.reason) == ["duplicate id 7, first seen on line 2", "the id is missing"])
        #expect(result.rejects.map(\.location.line) == [4, 5])
    }

    @Test func headerProblemsAreErrorsAtTheirColumn() {
        #expect {
            try read("a;b;a\n1;2;3\n")
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .badData && error.location == SourceLocation(file: "t.csv", line: 1, column: 3)
                && error.message == "column name 'a' appears twice (columns 1 and 3)"
        }
        #expect {
            try read("a;;c\n1;2;3\n")
        } throws: { error in
            (error as! BarometerError).location == SourceLocation(file: "t.csv", line: 1, column: 2)
        }
    }

    @Test func anEmptyFileIsAnErrorAndAHeaderOnlyHasNoRows() throws {
        #expect {
            try read("")
        } throws: { error in
            (error as! BarometerError).message.hasPrefix("the file is empty")
        }
        let result = try read("a;b\n")
        #expect(result.rowsRead == 0 && result.dataset.rowCount == 0)
    }

    @Test func anUnknownIdColumnIsAUsageError() {
        #expect {
            try read("a;b\n1;2\n", options: ExtractOptions(idColumn: "id"))
        } throws: { error in
            (error as! BarometerError).kind == .usage
        }
    }
}
