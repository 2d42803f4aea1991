import BarometerCore

/// Collects one column's values while rows are read, in the narrowest type seen so far.
///
/// A column starts as `Int32` codes and widens to `Double` at the first decimal. A column
/// whose codebook says it is numeric refuses text (the row is rejected); an untyped column
/// falls back to text, after which the reader refills it from the rows' original bytes, or,
/// for a streamed source that cannot be read twice, the builder keeps the cells as written
/// and turns to text by itself (`init(inferring:missing:)`).
struct ColumnBuilder {
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

    private enum State { case integer, real, text }

    let name: String
    let kind: Kind
    /// Codes the codebook allows (nil: any code, also when they span too wide a range).
    private let allowed: CodeTable?
    /// Bit d is set when the one-digit code d is allowed: the check for most cells.
    let allowedDigits: UInt16
    private var state: State
    // Only the array of the current state is in use; keeping them apart (rather than as enum
    // payloads) lets appends happen in place without uniqueness juggling.
    private var integers = IntegerColumn()
    private var reals: [Double] = []
    private var texts = TextColumn()
    /// The cells as written, while the column is numeric, if the builder keeps them.
    private var written: TextColumn?
    /// Whether any cell given to `append(inferring:with:)` or `append(text:)` was not empty.
    private(set) var hasValues = false
    /// The rows the column has room for from the start.
    private let capacity: Int

    init(name: String, kind: Kind, allowedCodes: Set<Int32>?, capacity: Int) {
        self.name = name
        self.kind = kind
        let allowed = allowedCodes.flatMap(CodeTable.init)
        self.allowed = allowed
        self.capacity = capacity
        allowedDigits = (0..<10).reduce(0) { mask, digit in allowed?.contains(Int32(digit)) ?? true ? mask | 1 << digit : mask }
        switch kind {
        case .text:
            state = .text
            // Address space for long answers: only the bytes written take memory, and a text
            // column that outgrows its room is copied whole. `appendText` makes more room
            // once the first rows show the answers are longer.
            texts.reserveCapacity(rows: capacity, bytes: capacity * 32)
        case .numeric, .inferred:
            state = .integer
            integers.reserveCapacity(capacity)
        }
    }

    /// An untyped column that keeps its cells as written, so that meeting text turns it into
    /// text at once, `007` and `1.50` intact: for readers that stream their source (XML).
    /// `missing` empty cells come first, for a column first seen after some rows.
    init(inferring name: String, missing: Int = 0) {
        self.init(name: name, kind: .inferred, allowedCodes: nil, capacity: missing)
        written = TextColumn()
        for _ in 0..<missing { appendMissing() }
    }

    var hasAllowedCodes: Bool { allowed != nil }

    /// Whether `code` is one the codebook lists.
    func allows(_ code: Int32) -> Bool {
        allowed?.contains(code) ?? true
    }

    /// The codes the codebook lists, for messages.
    var allowedCodesText: String {
        allowed?.description ?? ""
    }

    var count: Int {
        switch state {
        case .integer: integers.count
        case .real: reals.count
        case .text: texts.count
        }
    }

    var isText: Bool { state == .text }

    /// Whether the column holds whole numbers so far.
    var isInteger: Bool { state == .integer }

    /// Whether the column holds whole numbers of one byte each so far (every code 0...254):
    /// `append(codeBytes:)` is allowed.
    var holdsCodeBytes: Bool { state == .integer && integers.isNarrow }

    /// Appends codes held one byte each (`IntegerColumn.missingByte` for missing) to a column
    /// that `holdsCodeBytes`.
    mutating func append(codeBytes: UnsafeBufferPointer<UInt8>) {
        precondition(holdsCodeBytes, "code bytes appended to a column that no longer holds them")
        integers.append(bytes: codeBytes)
    }

    /// Appends a text cell (text columns only).
    mutating func appendText(_ bytes: UnsafeRawBufferPointer) {
        texts.append(bytes)
        if texts.count == Self.sampledRows { reserveProjectedText() }
    }

    /// The rows whose text shows how long a column's answers run.
    static let sampledRows = 1024

    /// Room for the rows the column was made for, at the mean length of its first rows and half
    /// again: a column of long answers would otherwise outgrow its room, and each copy to a
    /// larger one writes every byte (and faults in every page) again.
    private mutating func reserveProjectedText() {
        let projected = texts.bytes.count / texts.count * capacity * 3 / 2
        if projected > texts.bytes.capacity { texts.reserveCapacity(rows: capacity, bytes: projected) }
    }

    /// Appends a whole number, the common cell of a survey export, without the checks of
    /// `append(_:isEmpty:)`; false (and nothing stored) when the column is text.
    @inline(__always)
    mutating func append(code: Int32) -> Bool {
        switch state {
        case .integer: integers.append(code)
        case .real: reals.append(Double(code))
        case .text: return false
        }
        return true
    }

    /// Appends a decimal to a column that holds decimals (neither whole numbers nor text).
    mutating func append(real value: Double) {
        precondition(state == .real, "a decimal appended as it is to a column that does not hold decimals")
        reals.append(value)
    }

    /// Appends a numeric cell: `value` is the parsed number, nil when the cell is not a number.
    mutating func append(_ value: NumberParser.Value?, isEmpty: Bool) -> Outcome {
        if isEmpty {
            if state == .integer { integers.append(Column.missingCode) } else { reals.append(.nan) }
            return .stored
        }
        switch (state, value) {
        case (.integer, .integer(let code)): integers.append(code)
        case (.integer, .real(let real)):
            reals = integers.numbers()
            reals.append(real)
            integers = IntegerColumn()
            state = .real
        case (.real, .integer(let code)): reals.append(Double(code))
        case (.real, .real(let real)): reals.append(real)
        default:
            if kind == .numeric { return .notNumeric }
            restartAsText()
            return .becameText
        }
        return .stored
    }

    /// Appends the rows `other` collected, which come after this builder's in the file: the
    /// merge of a file's chunks read in parallel; the result is what one builder reading both
    /// chunks in turn would hold. A numeric column meets a text one only for builders that keep
    /// their cells as written (`init(inferring:missing:)`): those of a re-readable source are
    /// refilled by their reader instead, and must not be waiting for it.
    mutating func append(contentsOf other: ColumnBuilder) {
        switch (state, other.state) {
        case (.integer, .integer):
            integers.append(contentsOf: other.integers)
        case (.integer, .real):
            reals = integers.numbers() + other.reals
            integers = IntegerColumn()
            state = .real
        case (.real, .integer): reals.append(contentsOf: other.integers.numbers())
        case (.real, .real):
            reals.reserveCapacity(reals.count + other.reals.count)
            reals.append(contentsOf: other.reals)
        case (.text, .text): texts.append(contentsOf: other.texts)
        case (.text, _):
            guard let cells = other.written else { preconditionFailure("merging a text column with a numeric one") }
            texts.append(contentsOf: cells)
        case (_, .text):
            guard var cells = written else { preconditionFailure("merging a numeric column with a text one") }
            cells.append(contentsOf: other.texts)
            integers = IntegerColumn()
            reals = []
            texts = cells
            state = .text
        }
        // Cells as written stay complete, or are dropped, as a later text chunk needs all.
        if written != nil, state != .text {
            if let cells = other.written { written!.append(contentsOf: cells) } else { written = nil }
        } else if state == .text {
            written = nil
        }
        hasValues = hasValues || other.hasValues
    }

    /// Drops the cells kept as written, when no later cell can turn the column to text: the
    /// last chunk of a file read in parallel is in.
    mutating func forgetWritten() {
        written = nil
    }

    /// Appends a cell whose type `parser` tells from its bytes (already trimmed); an empty
    /// cell is missing.
    mutating func append(inferring bytes: UnsafeBufferPointer<UInt8>, with parser: NumberParser) -> Outcome {
        append(cell: bytes, parsed: state == .text || bytes.isEmpty ? nil : parser.parse(bytes))
    }

    /// Appends a cell that is text whatever it looks like (a SpreadsheetML `String` cell
    /// holding `12`); an empty one is missing.
    mutating func append(text bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        append(cell: bytes, parsed: nil)
    }

    /// Appends a cell for the inferring and text appends: `value` is nil for text.
    private mutating func append(cell bytes: UnsafeBufferPointer<UInt8>, parsed value: NumberParser.Value?) -> Outcome {
        if bytes.isEmpty {
            appendMissing()
            return .stored
        }
        hasValues = true
        let raw = UnsafeRawBufferPointer(bytes)
        if state == .text {
            texts.append(raw)
            return .stored
        }
        guard let value else { return meetText(raw) }
        _ = append(value, isEmpty: false)
        written?.append(raw)
        return .stored
    }

    /// Appends an empty cell: missing in a numeric column, empty text in a text one.
    mutating func appendMissing() {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        switch state {
        case .integer: integers.append(Column.missingCode)
        case .real: reals.append(.nan)
        case .text: texts.append(empty)
        }
        written?.append(empty)
    }

    /// A numeric column meets a cell that is not a number: a kept-as-written column becomes
    /// text on the spot, any other must be refilled by its reader.
    private mutating func meetText(_ raw: UnsafeRawBufferPointer) -> Outcome {
        if kind == .numeric { return .notNumeric }
        guard var kept = written else {
            restartAsText()
            return .becameText
        }
        written = nil
        kept.append(raw)
        integers = IntegerColumn()
        reals = []
        texts = kept
        state = .text
        return .stored
    }

    /// Drops values past `count`, when a row turns out to be rejected after some of its cells
    /// were stored.
    mutating func truncate(to count: Int) {
        if let kept = written?.count, kept > count { written?.removeLast(kept - count) }
        switch state {
        case .integer: integers.removeLast(integers.count - count)
        case .real: reals.removeLast(reals.count - count)
        case .text: texts.removeLast(texts.count - count)
        }
    }

    /// Starts the column over as text, to be refilled from the original bytes.
    mutating func restartAsText() {
        integers = IntegerColumn()
        reals = []
        texts = TextColumn()
        written = nil
        state = .text
    }

    var values: Column.Values {
        switch state {
        case .integer: .integer(integers)
        case .real: .real(reals)
        case .text: .text(texts)
        }
    }

    /// The finished column and its codebook entry, with the kind its cells suggest, for readers
    /// without a codebook (the XML readers): whole numbers are mostly answer codes (`.single`),
    /// decimals amounts (`.quantity`); a column without a single value is text.
    func inferredColumn(named name: String) -> (column: Column, variable: Variable) {
        var values = self.values
        let kind: Variable.Kind
        switch state {
        case _ where !hasValues:
            var empty = TextColumn()
            for _ in 0..<count { empty.append(UnsafeRawBufferPointer(start: nil, count: 0)) }
            values = .text(empty)
            kind = .text
        case .integer: kind = .single
        case .real: kind = .quantity
        case .text: kind = .text
        }
        return (Column(name: name, values: values), Variable(name: name, kind: kind))
    }
}

extension [ColumnBuilder] {
    /// Appends a missing cell to the columns at `indices`: those a sparse row (an XML record,
    /// a SpreadsheetML row that skips cells) gives no value.
    mutating func appendMissing(_ indices: Range<Int>) {
        for index in indices { self[index].appendMissing() }
    }
}
