import BarometerCore
import Testing

@testable import BarometerExtract

/// Whole-number cells are staged a block of rows at a time (`StagedCodes`): a column that
/// turns real or text or outgrows a byte in the middle of a block, rows rejected inside a
/// block (also the row a column widened in) and missing cells must come out exactly as if
/// every cell had gone straight into its column.
@Suite struct StagedCodesTests {
    static let rows = 1000
    static let rejected: Set<Int> = [300, 513, 600]

    static let text: String = {
        var lines = ["id;grows;code;amount;mixed;plain"]
        for row in 1...rows {
            let code = rejected.contains(row) ? "9" : String(row % 3)
            let amount = row == 700 ? "2,5" : row % 50 == 0 ? "" : String(row % 7)
            let mixed = row == 400 ? "text" : String(row)
            let plain = row == 900 ? "" : String(row * 1000)
            // One byte a code up to row 599, then wide from row 600 (rejected) on.
            let grows = row < 600 ? String(row % 200) : row == 650 ? "" : String(row)
            lines.append("\(row);\(grows);\(code);\(amount);\(mixed);\(plain)")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    func read(chunks: Int) throws -> ExtractResult {
        var codebook = Codebook()
        codebook.add(Variable(name: "code", kind: .single, valueLabels: (0...2).map { ValueLabel(code: String($0), label: "c\($0)") }))
        var reader = CSVReader(dialect: CSVDialect(delimiter: .byte(UInt8(ascii: ";"))))
        reader.split.chunks = chunks
        return try reader.read(
            bytes: Array(Self.text.utf8), sourceName: "s.csv", codebook: codebook, options: ExtractOptions(idColumn: "id"))
    }

    @Test(arguments: [1, 3])
    func cellsComeOutAsWritten(chunks: Int) throws {
        let result = try read(chunks: chunks)
        let kept = (1...Self.rows).filter { !Self.rejected.contains($0) }
        #expect(result.rejects.map(\.location.line) == [301, 514, 601])
        #expect(result.dataset.rowCount == kept.count)
        let dataset = result.dataset
        #expect(dataset["code"]?.values == .integer(IntegerColumn(kept.map { Int32($0 % 3) })))
        let grows = kept.map { row in row < 600 ? Int32(row % 200) : row == 650 ? Column.missingCode : Int32(row) }
        #expect(dataset["grows"]?.values == .integer(IntegerColumn(grows)))
        // Real from row 700 on, in the middle of the third block; NaN compared by its bits.
        guard case .real(let amounts) = dataset["amount"]?.values else {
            Issue.record("amount should have turned real")
            return
        }
        let expected = kept.map { row in row == 700 ? 2.5 : row % 50 == 0 ? Double.nan : Double(row % 7) }
        #expect(amounts.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(dataset["mixed"]?.values == .text(TextColumn(kept.map { $0 == 400 ? "text" : String($0) })))
        #expect(
            dataset["plain"]?.values
                == .integer(IntegerColumn(kept.map { $0 == 900 ? Column.missingCode : Int32($0 * 1000) })))
    }
}
