import BarometerCore
import BarometerExtract
import Foundation

/// A stage artifact's table: plain CSV that sqlite3, DuckDB, pandas and spreadsheets open as
/// they are (UTF-8, comma, `.` decimals, a header, LF line ends, quotes only where needed).
///
/// It is read back with the project's byte-level `CSVReader` in a fixed dialect (no sniffing,
/// no transcoding) with every column's storage given, so an integer column comes back as
/// integers and a text column of digits stays text. Reals are written in their shortest
/// round-trip form, so a value read back is the value written, bit for bit (a missing value
/// is an empty cell, as in the exports).
enum DatasetCSV {
    /// How a column is stored, recorded in the artifact's sidecar.
    enum Storage: String, Codable, Sendable {
        case integer, real, text
    }

    static let dialect = CSVDialect(delimiter: .byte(UInt8(ascii: ",")), encoding: .utf8, decimal: .point, header: true)

    static func storage(of column: Column) -> Storage {
        switch column.values {
        case .integer: .integer
        case .real: .real
        case .text: .text
        }
    }

    /// Writes `columns` (all of the same length) to `path`.
    static func write(_ columns: [Column], to path: String) throws {
        var out = try BufferedFileWriter(path: path)
        out.append(utf8: columns.map { quoted($0.name) }.joined(separator: ",") + "\n")
        DatasetCSVRows.withRows(of: columns) { rows in rows.write(to: &out) }
        try out.close()
    }

    /// A header cell, quoted as the data cells are.
    private static func quoted(_ name: String) -> String {
        guard name.utf8.contains(where: DatasetCSVRows.needsQuotes) else { return name }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Reads the columns written by `write`; `layout` names them and their storage in order.
    /// With `keeping`, only those columns are parsed (the others are skipped over unread).
    static func read(path: String, layout all: [(name: String, storage: Storage)], keeping: Set<String>? = nil) throws
        -> (columns: [Column], rowCount: Int)
    {
        let layout = keeping.map { kept in all.filter { kept.contains($0.name) } } ?? all
        let codebook = Codebook(layout.map { Variable(name: $0.name, kind: $0.storage == .text ? .text : .quantity) })
        let result = try CSVReader(dialect: dialect).read(
            path: path, codebook: codebook, options: ExtractOptions(columns: keeping, validateCodes: false))
        let damaged = { (reason: String) in
            BarometerError(.badData, "stage artifact is damaged (\(reason)); rerun the stage with --force", at: SourceLocation(file: path))
        }
        guard result.rejects.isEmpty else { throw damaged(result.rejects[0].reason) }
        let dataset = result.dataset
        guard dataset.columnNames == layout.map(\.name) else { throw damaged("its columns are not those its sidecar lists") }
        let columns = zip(dataset.columns, layout).map { column, expected -> Column in
            // A real column whose values are all whole numbers reads back as integers.
            guard expected.storage == .real, case .integer(let values) = column.values else { return column }
            return Column(name: column.name, reals: values.numbers())
        }
        return (columns, dataset.rowCount)
    }
}
