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
    ///
    /// Cells are rendered a block of rows at a time, column by column, then interleaved into
    /// rows: opening each column's storage once per block instead of once per cell keeps the
    /// inner loops free of reference counting, which cost more than the formatting itself.
    static func write(_ columns: [Column], to path: String) throws {
        var out = try BufferedFileWriter(path: path)
        var cells = RenderedCells()
        let rows = columns.first?.count ?? 0
        renderHeader(columns, into: &cells)
        cells.writeRows(1, columns: columns.count, to: &out)
        var start = 0
        while start < rows {
            let block = start..<min(rows, start + blockRows)
            cells.removeAll()
            for column in columns { render(column, rows: block, into: &cells) }
            cells.writeRows(block.count, columns: columns.count, to: &out)
            start = block.upperBound
        }
        try out.close()
    }

    private static let blockRows = 2048

    private static func renderHeader(_ columns: [Column], into cells: inout RenderedCells) {
        for column in columns {
            var name = column.name
            name.withUTF8 { cells.appendText(UnsafeRawBufferPointer($0)) }
            cells.endCell()
        }
    }

    /// Appends the cells of `column` in `rows` to `cells`.
    private static func render(_ column: Column, rows: Range<Int>, into cells: inout RenderedCells) {
        switch column.values {
        case .integer(let values):
            cells.reserve(bytes: rows.count * 12)
            values.withUnsafeBufferPointer { values in
                for row in rows {
                    if values[row] != Column.missingCode { cells.appendDecimal(Int(values[row])) }
                    cells.endCell()
                }
            }
        case .real(let values):
            var recent = RecentReals()
            cells.reserve(bytes: rows.count * 21)
            values.withUnsafeBufferPointer { values in
                for row in rows {
                    let value = values[row]
                    if value.isNaN {
                    } else if value == value.rounded(), abs(value) < 1e15 {
                        cells.appendDecimal(Int(value))
                    } else {
                        recent.appendShortest(value, to: &cells)
                    }
                    cells.endCell()
                }
            }
        case .text(let texts):
            texts.bytes.withUnsafeBytes { bytes in
                for row in rows {
                    cells.appendText(UnsafeRawBufferPointer(rebasing: bytes[texts.byteRange(at: row)]))
                    cells.endCell()
                }
            }
        }
    }

    /// The shortest round-trip text of recently written reals, by value.
    ///
    /// Weights and calibration columns repeat a few hundred distinct values over millions of
    /// rows; formatting each once per block instead of once per cell makes them as cheap to
    /// write as integers.
    private struct RecentReals {
        private static let slots = 256
        private static let width = 32
        private var keys = [UInt64](repeating: Double.nan.bitPattern, count: slots)
        private var texts = [UInt8](repeating: 0, count: slots * width)
        private var lengths = [Int](repeating: 0, count: slots)

        mutating func appendShortest(_ value: Double, to cells: inout RenderedCells) {
            let key = value.bitPattern
            let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56)
            let start = slot * Self.width
            if keys[slot] != key {
                let text = Array(value.description.utf8)
                guard text.count <= Self.width else { return text.withUnsafeBytes { cells.appendText($0) } }
                keys[slot] = key
                lengths[slot] = text.count
                texts.replaceSubrange(start..<start + text.count, with: text)
            }
            texts.withUnsafeBytes { cells.appendText(UnsafeRawBufferPointer(rebasing: $0[start..<start + lengths[slot]])) }
        }
    }

    /// Cells rendered column after column: the cell of column `c`, row `r` of a block of `n`
    /// rows is number `c * n + r`. Kept in raw memory so that the per-cell appends are plain
    /// stores, without the uniqueness and capacity checks of an array.
    private struct RenderedCells: ~Copyable {
        private var bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
        private var byteCapacity = 1 << 16
        private var byteCount = 0
        /// One past each cell's last byte.
        private var ends = UnsafeMutablePointer<Int>.allocate(capacity: 1 << 12)
        private var endCapacity = 1 << 12
        private var cellCount = 0

        deinit {
            bytes.deallocate()
            ends.deallocate()
        }

        mutating func removeAll() {
            byteCount = 0
            cellCount = 0
        }

        /// Makes room for `extra` more bytes.
        mutating func reserve(bytes extra: Int) {
            guard byteCount + extra > byteCapacity else { return }
            let capacity = max(byteCapacity * 2, byteCount + extra)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: bytes, count: byteCount)
            bytes.deallocate()
            bytes = grown
            byteCapacity = capacity
        }

        /// Ends the current cell at the bytes appended so far.
        mutating func endCell() {
            if cellCount == endCapacity {
                let grown = UnsafeMutablePointer<Int>.allocate(capacity: endCapacity * 2)
                grown.update(from: ends, count: cellCount)
                ends.deallocate()
                ends = grown
                endCapacity *= 2
            }
            ends[cellCount] = byteCount
            cellCount += 1
        }

        /// Appends `value` in decimal; room for 20 bytes must be reserved.
        mutating func appendDecimal(_ value: Int) {
            if value < 0 {
                bytes[byteCount] = UInt8(ascii: "-")
                byteCount += 1
            }
            var rest = value.magnitude
            if rest < 10 {
                bytes[byteCount] = 0x30 &+ UInt8(truncatingIfNeeded: rest)
                byteCount += 1
                return
            }
            var digits = 0
            var probe = rest
            while probe > 0 {
                digits += 1
                probe /= 10
            }
            byteCount += digits
            for index in 1...digits {
                bytes[byteCount - index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
        }

        /// Appends a text cell, quoted when it holds a comma, a quote or a line break.
        mutating func appendText(_ text: UnsafeRawBufferPointer) {
            let quote = UInt8(ascii: "\"")
            reserve(bytes: text.count * 2 + 2)
            guard text.contains(where: { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 10 || $0 == 13 }) else {
                if let base = text.baseAddress { (bytes + byteCount).update(from: base.assumingMemoryBound(to: UInt8.self), count: text.count) }
                byteCount += text.count
                return
            }
            bytes[byteCount] = quote
            byteCount += 1
            for byte in text {
                if byte == quote {
                    bytes[byteCount] = quote
                    byteCount += 1
                }
                bytes[byteCount] = byte
                byteCount += 1
            }
            bytes[byteCount] = quote
            byteCount += 1
        }

        /// Writes the cells as `rows` comma-separated lines.
        func writeRows(_ rows: Int, columns: Int, to out: inout BufferedFileWriter) {
            for row in 0..<rows {
                var length = max(columns, 1)  // the commas and the line feed
                for column in 0..<columns { length += cellBytes(column * rows + row).count }
                out.append(count: length) { target in
                    var position = 0
                    for column in 0..<columns {
                        if column > 0 {
                            target[position] = UInt8(ascii: ",")
                            position += 1
                        }
                        for index in cellBytes(column * rows + row) {
                            target[position] = bytes[index]
                            position += 1
                        }
                    }
                    target[position] = 10
                }
            }
        }

        private func cellBytes(_ cell: Int) -> Range<Int> {
            (cell == 0 ? 0 : ends[cell - 1])..<ends[cell]
        }
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
}
