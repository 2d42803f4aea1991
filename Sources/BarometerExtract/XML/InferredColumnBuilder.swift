import BarometerCore

/// Collects one column's cells while a document streams by and decides its type at the end,
/// the way the CSV readers do: `Int32` while every value is a whole number, else `Double`
/// while every value is a number, else text.
///
/// Cells are kept as written (one byte buffer for the column), so a column that turns out
/// to be text keeps `007` and `1.50` exactly. A cell can force text (a SpreadsheetML
/// `String` cell holding `12` is text). Empty cells are missing and do not vote.
struct InferredColumnBuilder {
    /// The narrowest type that holds every cell so far.
    enum Inferred: Int, Comparable {
        case integer, real, text

        static func < (lhs: Inferred, rhs: Inferred) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private var cells = TextColumn()
    private(set) var inferred: Inferred = .integer
    /// Whether any cell had a value; a column of missing cells only becomes text.
    private(set) var hasValues = false

    /// A builder with `count` missing cells already in it, for a column first seen late.
    init(missing count: Int = 0) {
        for _ in 0..<count { appendMissing() }
    }

    var count: Int { cells.count }

    mutating func appendMissing() {
        cells.append(UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Appends a cell whose type is to be inferred from its text.
    mutating func append(_ value: UnsafeRawBufferPointer) {
        if !value.isEmpty, inferred != .text {
            hasValues = true
            if inferred == .integer, ASCIINumber.integer(value) != nil {
                // still whole
            } else if ASCIINumber.real(value) != nil {
                inferred = max(inferred, .real)
            } else {
                inferred = .text
            }
        }
        cells.append(value)
    }

    /// Appends a cell that is text whatever it looks like.
    mutating func appendText(_ value: UnsafeRawBufferPointer) {
        if !value.isEmpty {
            hasValues = true
            inferred = .text
        }
        cells.append(value)
    }

    /// The finished column.
    func build(name: String) -> Column {
        switch hasValues ? inferred : .text {
        case .integer:
            var values: [Int32] = []
            values.reserveCapacity(cells.count)
            cells.bytes.withUnsafeBytes { all in
                for row in 0..<cells.count {
                    let range = cells.byteRange(at: row)
                    values.append(
                        range.isEmpty ? Column.missingCode : ASCIINumber.integer(UnsafeRawBufferPointer(rebasing: all[range]))!)
                }
            }
            return Column(name: name, integers: values)
        case .real:
            var values: [Double] = []
            values.reserveCapacity(cells.count)
            cells.bytes.withUnsafeBytes { all in
                for row in 0..<cells.count {
                    let range = cells.byteRange(at: row)
                    values.append(range.isEmpty ? .nan : ASCIINumber.real(UnsafeRawBufferPointer(rebasing: all[range]))!)
                }
            }
            return Column(name: name, reals: values)
        case .text:
            return Column(name: name, values: .text(cells))
        }
    }

    /// The codebook kind that goes with the inferred type: whole numbers in a survey export
    /// are mostly answer codes, decimals are amounts.
    var kind: Variable.Kind {
        switch hasValues ? inferred : .text {
        case .integer: .single
        case .real: .quantity
        case .text: .text
        }
    }
}
