import BarometerCore

/// A stage artifact's table: a Parquet file that DuckDB, pandas (pyarrow), polars, R's arrow
/// and Spark open as it is.
///
/// Each column is written as it is stored, so a value read back is the value written, bit for
/// bit, in the same storage: an integer column comes back as integers (a byte a cell for
/// codes), a real as the same `Double`, a text column of digits as text. A missing value is a
/// null. Writing copies the columns' memory into pages; reading maps the file and decodes
/// only the columns asked for, on all cores.
enum DatasetParquet {
    /// How a column is stored, recorded in the artifact's sidecar.
    enum Storage: String, Codable, Sendable {
        case integer, real, text
    }

    static func storage(of column: Column) -> Storage {
        switch column.values {
        case .integer: .integer
        case .real: .real
        case .text: .text
        }
    }

    /// Writes `columns` (all of the same length) to `path`.
    static func write(_ columns: consuming [Column], to path: String) throws {
        try ParquetWriter(createdBy: "barometer version \(BarometerVersion.current)").write(columns, to: path)
    }

    /// Reads the columns written by `write`; `layout` names them and their storage in order.
    /// With `keeping`, only those columns are read (the others are not touched).
    static func read(path: String, layout: [(name: String, storage: Storage)], keeping: Set<String>? = nil) throws
        -> (columns: [Column], rowCount: Int)
    {
        let damaged = { (reason: String) in
            BarometerError(.badData, "stage artifact is damaged (\(reason)); rerun the stage with --force", at: SourceLocation(file: path))
        }
        do {
            let reader = try ParquetReader(path: path)
            let mismatch = damaged("its columns are not those its sidecar lists")
            guard reader.columns.map(\.name) == layout.map(\.name) else { throw mismatch }
            let kept = layout.indices.filter { keeping?.contains(layout[$0].name) ?? true }
            let columns = try Parallel.map(kept.count) { index in
                Column(name: layout[kept[index]].name, values: try reader.values(ofColumn: kept[index]))
            }
            guard zip(columns, kept).allSatisfy({ storage(of: $0) == layout[$1].storage }) else { throw mismatch }
            return (columns, reader.rowCount)
        } catch let damage as ParquetDamage {
            throw damaged("\(damage.reason), at byte \(damage.offset)")
        }
    }
}
