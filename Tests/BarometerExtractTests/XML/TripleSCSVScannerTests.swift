import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct TripleSCSVScannerTests {
    /// Every record as (line, fields).
    func records(_ text: String) throws -> [(Int, [String])] {
        var scanner = TripleSCSVScanner(utf8: Array(text.utf8), path: "t.csv")
        var result: [(Int, [String])] = []
        while try scanner.nextRecord() {
            let fields = (0..<scanner.fieldCount).map {
                String(decoding: scanner.fieldBytes[scanner.fieldRange($0)], as: UTF8.self)
            }
            result.append((scanner.recordLine, fields))
        }
        return result
    }

    @Test func splitsQuotedFields() throws {
        let found = try records("a,\"b,c\",\"say \"\"hi\"\"\",\r\n\n\"two\nlines\",x\r,\n")
        #expect(found.map(\.0) == [1, 3, 5])
        #expect(found.map(\.1) == [["a", "b,c", "say \"hi\"", ""], ["two\nlines", "x"], ["", ""]])
    }

    @Test func keepsStrayQuotesInUnquotedFields() throws {
        let found = try records("5\"10,\"a\"b\n")
        #expect(found.map(\.1) == [["5\"10", "ab"]])
    }

    @Test func unclosedQuoteIsAnError() {
        let error = barometerError { _ = try records("1,2\n3,\"open\n4,5\n") }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: "t.csv", line: 2, column: 2))
    }
}
