import BarometerCore
import Testing

@testable import BarometerExtract

/// How Triple-S data files are split and read with the extract stage's shared pieces: the
/// record scanner (CSV and lines modes) and the number parser's padded form.
@Suite struct TripleSDataFileTests {
    /// Decodes `data` against variables laid out by `layout`.
    func decode(_ data: String, _ format: TripleSRecordLayout.Format, _ variables: [TripleSVariable]) throws -> ExtractResult {
        let metadata = TripleSMetadata(
            path: "t.sss", record: TripleSRecordLayout(format: format), variables: variables, codebook: Codebook())
        var decoder = TripleSRecordDecoder(metadata: metadata, dataPath: "t.dat")
        return try decoder.decode(Array(data.utf8))
    }

    func variable(_ name: String, _ type: TripleSVariable.VariableType, _ start: Int, _ finish: Int? = nil) -> TripleSVariable {
        TripleSVariable(
            name: name, type: type, start: start, finish: finish ?? start, location: BarometerCore.SourceLocation(file: "t.sss"))
    }

    @Test func scannerSplitsQuotedFieldsAndCountsBareCarriageReturns() {
        let text = Array("a,\"b,c\",\"say \"\"hi\"\"\",\r\n\n\"two\nlines\",x\r,\n".utf8)
        var found: [(Int, [String])] = []
        text.withUnsafeBufferPointer { buffer in
            var scanner = CSVRecordScanner(text: buffer, delimiter: UInt8(ascii: ","), countsBareCR: true)
            var fields: [CSVRecordScanner.Field] = []
            while let record = scanner.next(into: &fields) { found.append((record.line, fields.map { scanner.value(of: $0) })) }
        }
        #expect(found.map(\.0) == [1, 3, 5])
        #expect(found.map(\.1) == [["a", "b,c", "say \"hi\"", ""], ["two\nlines", "x"], ["", ""]])
    }

    @Test func linesModeKeepsQuotesAndDelimitersAsData() {
        let text = Array("AB\"C 1\r\n\r12,3\n\n".utf8)
        var found: [(Int, [String])] = []
        text.withUnsafeBufferPointer { buffer in
            var scanner = CSVRecordScanner(lines: buffer)
            var fields: [CSVRecordScanner.Field] = []
            while let record = scanner.next(into: &fields) { found.append((record.line, fields.map { scanner.value(of: $0) })) }
        }
        #expect(found.map(\.0) == [1, 3])
        #expect(found.map(\.1) == [["AB\"C 1"], ["12,3"]])
    }

    @Test func fixedWidthNumbersMayBePadded() throws {
        let result = try decode("+003\n .5 \n  5.\n0042\n", .fixed, [variable("q", .quantity, 1, 4)])
        #expect(result.rejects.isEmpty)
        #expect(result.dataset["q"]?.reals == [3, 0.5, 5, 42])
    }

    @Test func keepsStrayQuotesInUnquotedFields() throws {
        let result = try decode("5\"10,\"a \"\"b\"\"\"\n", .csv, [variable("size", .character, 1), variable("note", .character, 2)])
        #expect(result.dataset["size"]?.texts == ["5\"10"])
        #expect(result.dataset["note"]?.texts == ["a \"b\""])
    }

    @Test func textAfterAClosingQuoteRejectsTheRecord() throws {
        let result = try decode("1,\"a\"b\n2,c\n", .csv, [variable("id", .quantity, 1), variable("note", .character, 2)])
        #expect(result.rejects == [
            RejectedRow(
                location: BarometerCore.SourceLocation(file: "t.dat", line: 1, column: 2), variable: "note",
                reason: "text after the closing quote of field 2", raw: "1,\"a\"b")
        ])
        #expect(result.dataset["note"]?.texts == ["c"])
    }

    @Test func unclosedQuoteIsAnError() {
        let error = barometerError { _ = try decode("1,2\n3,\"open\n4,5\n", .csv, [variable("id", .quantity, 1)]) }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: "t.dat", line: 2, column: 2))
        #expect(error?.message == "field 2 opens a quote that never closes")
    }
}
