import BarometerCore

/// Collects one column's values while rows are read, in the narrowest type seen so far.
///
/// A column starts as `Int32` codes and widens to `Double` at the first decimal. A column
/// whose codebook says it is numeric refuses text (the row is rejected); an untyped column
/// falls back to text, after which the reader refills it from the rows' original bytes.
struct ColumnBuilder {
    enum Storage {
        case integer([Int32])
        case real([Double])
        case text(TextColumn)
    }

    enum Kind {
        /// The codebook says numeric: text is an error.
        case numeric
        /// The codebook says text: keep the bytes.
        case text
        /// No codebook: numeric until a cell says otherwise.
        case inferred
    }

    enum Outcome {
        case stored
        /// The cell is not a number and the column must be numeric.
        case notNumeric
        /// The cell is not a number; the column has become text and must be refilled.
        case becameText
    }

    let name: String
    let kind: Kind
    private(set) var storage: Storage
    /// Codes the codebook allows, when it lists them (nil: any code).
    let allowedCodes: Set<Int32>?

    init(name: String, kind: Kind, allowedCodes: Set<Int32>?, capacity: Int) {
        self.name = name
        self.kind = kind
        self.allowedCodes = allowedCodes
        switch kind {
        case .text:
            var column = TextColumn()
            column.reserveCapacity(rows: capacity, bytes: capacity * 8)
            storage = .text(column)
        case .numeric, .inferred:
            var values: [Int32] = []
            values.reserveCapacity(capacity)
            storage = .integer(values)
        }
    }

    var count: Int {
        switch storage {
        case .integer(let values): values.count
        case .real(let values): values.count
        case .text(let values): values.count
        }
    }

    var isText: Bool {
        if case .text = storage { return true }
        return false
    }

    /// Appends one cell. `value` is the parsed number, nil when the cell is not a number.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, parsed value: NumberParser.Value?, isEmpty: Bool) -> Outcome {
        switch storage {
        case .text(var column):
            storage = .integer([])  // release the reference so the append below does not copy
            column.append(UnsafeRawBufferPointer(bytes))
            storage = .text(column)
            return .stored
        case .integer(var values):
            storage = .integer([])
            defer { if case .integer = storage { storage = .integer(values) } }
            if isEmpty {
                values.append(Column.missingCode)
                return .stored
            }
            switch value {
            case .integer(let code):
                values.append(code)
                return .stored
            case .real(let real):
                var reals = values.map { $0 == Column.missingCode ? Double.nan : Double($0) }
                reals.append(real)
                storage = .real(reals)
                return .stored
            case nil:
                if kind == .numeric { return .notNumeric }
                storage = .text(TextColumn())
                return .becameText
            }
        case .real(var values):
            storage = .integer([])
            defer { if case .integer = storage { storage = .real(values) } }
            if isEmpty {
                values.append(.nan)
                return .stored
            }
            switch value {
            case .integer(let code): values.append(Double(code))
            case .real(let real): values.append(real)
            case nil:
                if kind == .numeric { return .notNumeric }
                storage = .text(TextColumn())
                return .becameText
            }
            return .stored
        }
    }

    /// Drops values past `count`, when a row turns out to be rejected after some of its cells
    /// were stored.
    mutating func truncate(to count: Int) {
        switch storage {
        case .integer(var values):
            storage = .integer([])
            values.removeLast(values.count - count)
            storage = .integer(values)
        case .real(var values):
            storage = .integer([])
            values.removeLast(values.count - count)
            storage = .real(values)
        case .text(var values):
            storage = .integer([])
            values.removeLast(values.count - count)
            storage = .text(values)
        }
    }

    /// Starts the column over as text, to be refilled from the original bytes.
    mutating func restartAsText() {
        storage = .text(TextColumn())
    }

    var values: Column.Values {
        switch storage {
        case .integer(let values): .integer(values)
        case .real(let values): .real(values)
        case .text(let values): .text(values)
        }
    }
}
