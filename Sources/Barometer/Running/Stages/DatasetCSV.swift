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
        for (index, column) in columns.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendText(Array(column.name.utf8), to: &out)
        }
        out.append(10)
        let rows = columns.first?.count ?? 0
        for row in 0..<rows {
            for (index, column) in columns.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                switch column.values {
                case .integer(let values):
                    if values[row] != Column.missingCode { out.append(decimal: Int(values[row])) }
                case .real(let values):
                    let value = values[row]
                    if value.isNaN {
                    } else if value == value.rounded(), abs(value) < 1e15 {
                        out.append(decimal: Int(value))
                    } else {
                        out.append(utf8: value.description)
                    }
                case .text(let texts):
                    appendText(texts.bytes[texts.byteRange(at: row)], to: &out)
                }
            }
            out.append(10)
        }
        try out.close()
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
            return Column(name: column.name, reals: values.map { $0 == Column.missingCode ? .nan : Double($0) })
        }
        return (columns, dataset.rowCount)
    }

    private static func appendText<C: Collection>(_ bytes: C, to out: inout BufferedFileWriter) where C.Element == UInt8 {
        let quote = UInt8(ascii: "\"")
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 10 || $0 == 13 }) else {
            for byte in bytes { out.append(byte) }
            return
        }
        out.append(quote)
        for byte in bytes {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }
}
