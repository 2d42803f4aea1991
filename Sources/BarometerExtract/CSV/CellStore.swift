import BarometerCore

/// The typed columns of a stretch of rows while it is parsed: each kept cell goes from its
/// bytes straight into its column.
///
/// A record is read in one pass: the scanner hands each field to `QuickCells`, which stages
/// the common cells, a one-digit code its column allows and an empty cell, in a few
/// instructions and leaves the others for `storeLeftCells()` to parse (whole numbers and
/// decimals written plainly without the full number parser). Anything but a good row (a bad
/// cell, a field too many, text after a closing quote) stops the pass: the reader then drops
/// the row's cells (`dropRow(keepingRowsOn:)`) and reads it again field by field
/// (`store(_:at:)`), which finds its reject. A row is kept with `endRow(afterRowsOn:)`.
struct CellStore: ~Copyable {
    private(set) var builders: [ColumnBuilder]
    /// The problem of the last cell `store(_:at:)` refused.
    private(set) var problem: CellProblem?
    /// Columns that turned to text in the current row, with the field that did it: they wait for
    /// their earlier rows to be read again as text (`refillTurnedText(rowsAt:lines:)`).
    private var turnedText: [(column: Int, index: Int, field: CSVRecordScanner.Field)] = []

    private let layout: CSVLayout
    /// The scanner of the text, for its fields' bytes.
    private let scanner: CSVRecordScanner
    private let parser: NumberParser
    private let fieldCount: Int
    private let idField: Int
    /// For each field of a record, its column; -1 for a field not kept.
    private let columnOfField: UnsafeMutablePointer<Int>
    /// For each field, the cells `QuickCells` stages without a look at its column: bit d for
    /// the one-digit code d, bit 15 (`QuickCells.emptyBit`) for an empty cell. While the column
    /// is staged (holds one-byte codes), the digits its codebook allows and the empty cell;
    /// nothing otherwise; all of them for a field not kept, staged where no column reads it.
    private let quickDigits: UnsafeMutablePointer<UInt16>
    /// For each field, where its cell of a row is staged, from the row's cell of column 0.
    private let stagedOffset: UnsafeMutablePointer<Int>
    /// For each column, its field.
    private let fieldOfColumn: UnsafeMutablePointer<Int>
    /// The fields of the current row that `QuickCells` left to parse, and how many.
    private let left: UnsafeMutablePointer<(index: Int, field: CSVRecordScanner.Field)>
    private let leftCount: UnsafeMutablePointer<Int>
    /// The id field of the current row, when the layout has one and `QuickCells` saw it.
    private let idSlot: UnsafeMutablePointer<CSVRecordScanner.Field?>
    private var staged: StagedCodes
    private let decimals = RecentDecimals()
    /// Room for a text cell being decoded.
    private var scratch: [UInt8] = []

    init(layout: CSVLayout, scanner: CSVRecordScanner, parser: NumberParser, capacity rows: Int) {
        self.layout = layout
        self.scanner = scanner
        self.parser = parser
        builders = layout.makeBuilders(capacity: rows)
        fieldCount = layout.names.count
        idField = layout.idField ?? -1
        columnOfField = .allocate(capacity: max(1, fieldCount))
        columnOfField.initialize(from: layout.builderOfField, count: fieldCount)
        // Per field rather than per column, so the scan reads both where it reads the field.
        quickDigits = .allocate(capacity: max(1, fieldCount))
        stagedOffset = .allocate(capacity: max(1, fieldCount))
        fieldOfColumn = .allocate(capacity: max(1, builders.count))
        fieldOfColumn.initialize(from: layout.fieldOfBuilder, count: builders.count)
        left = .allocate(capacity: max(1, fieldCount))
        leftCount = .allocate(capacity: 1)
        leftCount.initialize(to: 0)
        idSlot = .allocate(capacity: 1)
        idSlot.initialize(to: nil)
        staged = StagedCodes(columns: builders.count)
        for (field, column) in layout.builderOfField.enumerated() {
            let kept = column >= 0
            stagedOffset[field] = (kept ? column : staged.discardColumn) * StagedCodes.columnStride
            quickDigits[field] = kept ? 0 : 0x3FF | QuickCells.emptyBit
        }
        for column in builders.indices { updateQuickDigits(of: column) }
    }

    deinit {
        columnOfField.deallocate()
        quickDigits.deallocate()
        stagedOffset.deallocate()
        fieldOfColumn.deallocate()
        left.deallocate()
        leftCount.deallocate()
        idSlot.deallocate()
    }

    /// The id field of the current row read in one pass, when the layout has one.
    var id: CSVRecordScanner.Field? { idSlot.pointee }

    /// The visitor that reads the current row in one pass.
    func quickCells() -> QuickCells {
        QuickCells(
            text: scanner.textStart, quickDigits: quickDigits, stagedOffset: stagedOffset, stagedRow: staged.currentRow,
            fieldCount: fieldCount, idField: idField, left: left, leftCount: leftCount, id: idSlot)
    }

    /// Stores the cells `QuickCells` left; false, with `problem` set, at the first bad one.
    mutating func storeLeftCells() -> Bool {
        defer { leftCount.pointee = 0 }
        for cell in UnsafeBufferPointer(start: left, count: leftCount.pointee) where !store(cell.field, at: cell.index) {
            return false
        }
        return true
    }

    /// Stores field `index` of the current row in its column (a field not kept is skipped);
    /// false, with `problem` set, when its cell is bad and the row must be dropped.
    mutating func store(_ field: CSVRecordScanner.Field, at index: Int) -> Bool {
        let column = columnOfField[index]
        guard column >= 0 else { return true }
        // Only a bad cell is copied into `problem`: assigning every cell's nil result (the old
        // value destroyed, the new one read back from memory) cost 4% of extraction's time.
        guard let cellProblem = parse(field, at: index, column: column) else { return true }
        problem = cellProblem
        return false
    }

    /// Ends the current row, which is kept: `store(_:at:)` took all its fields. The rows kept
    /// before it are the records on `lines`.
    mutating func endRow(afterRowsOn lines: [Int32]) {
        if !turnedText.isEmpty { refillTurnedText(rowsOn: lines) }
        builders.withUnsafeMutableBufferPointer { staged.endRow(builders: $0) }
        idSlot.pointee = nil
    }

    /// Drops what the current row stored: every column goes back to the cells of the rows kept
    /// so far, the records on `lines`.
    mutating func dropRow(keepingRowsOn lines: [Int32]) {
        if !turnedText.isEmpty { refillTurnedText(rowsOn: lines) }
        for index in builders.indices where builders[index].count > lines.count { builders[index].truncate(to: lines.count) }
        leftCount.pointee = 0
        idSlot.pointee = nil
    }

    /// A column that turned to text in this row (whether or not the row is kept) is text from
    /// here on: its earlier rows, the records on `lines`, are read again as text,
    /// then this row's cell goes in.
    private mutating func refillTurnedText(rowsOn lines: [Int32]) {
        for (column, index, field) in turnedText {
            Self.appendTexts(field: index, ofRecordsOn: lines, scanner: scanner, fieldCount: fieldCount, to: &builders[column])
            Self.appendText(field, of: scanner, to: &builders[column], scratch: &scratch)
        }
        turnedText.removeAll()
    }

    /// The finished columns, once every row is stored.
    mutating func finish() -> [ColumnBuilder] {
        builders.withUnsafeMutableBufferPointer { staged.flushAll(into: $0) }
        defer { builders = [] }
        return builders
    }

    /// Stores a cell, parsing its bytes; its problem if it is bad.
    private mutating func parse(_ field: CSVRecordScanner.Field, at index: Int, column: Int) -> CellProblem? {
        let bytes = scanner.bytes(of: field)
        if builder(column, \.isText) {
            Self.appendText(field, of: scanner, to: &builders[column], scratch: &scratch)
            return nil
        }
        let (isInteger, isStaged) = builder(column) { ($0.isInteger, $0.holdsCodeBytes) }
        // Most cells left are whole numbers written plainly (ids, two-digit codes): what the
        // number parser would make of them is their digits' value.
        if let code = Self.plainWholeNumber(bytes) {
            if isStaged, IntegerColumn.fitsInByte(code) {
                staged.stage(IntegerColumn.byte(code), column: column)
            } else {
                // A code outside 0...254 widens a staged column (see below).
                if isStaged { staged.flush(column: column, into: &builders[column]) }
                _ = builders[column].append(code: code)
                if isStaged { updateQuickDigits(of: column) }
            }
            return builder(column) { $0.allows(code) } ? nil : unlisted(code, field: index, builder: builders[column])
        }
        // So are decimals in a column of decimals (not text, as it would have returned above),
        // unless the codebook lists codes, which a decimal cannot be.
        if !isInteger, !builder(column, \.hasAllowedCodes), let value = parser.plainDecimal(bytes) {
            builders[column].append(real: value)
            return nil
        }
        let isEmpty = !bytes.contains { $0 != 32 }
        let parsed = isEmpty ? nil : decimals.parse(bytes, with: parser)
        let code: Int32? =
            if isInteger, isEmpty {
                Column.missingCode
            } else if isInteger, case .integer(let code) = parsed {
                code
            } else {
                nil
            }
        if let code, isStaged, IntegerColumn.fitsInByte(code) {
            staged.stage(IntegerColumn.byte(code), column: column)
        } else if let code {
            // A code outside 0...254 widens the column, which takes its staged cells first and
            // then every cell straight away.
            if isStaged { staged.flush(column: column, into: &builders[column]) }
            _ = builders[column].append(code: code)
            if isStaged { updateQuickDigits(of: column) }
        } else {
            // The column may change type: it takes its staged cells first.
            if isStaged { staged.flush(column: column, into: &builders[column]) }
            let outcome = builders[column].append(parsed, isEmpty: isEmpty)
            if isStaged { updateQuickDigits(of: column) }
            switch outcome {
            case .stored: break
            case .becameText: turnedText.append((column, index, field))
            case .notNumeric:
                let name = layout.names[index]
                return CellProblem(
                    reason: "'\(scanner.value(of: field))' is not a number, but \(name) is numeric in the codebook",
                    field: index + 1, variable: name)
            }
        }
        guard let parsed, builder(column, \.hasAllowedCodes) else { return nil }
        switch parsed {
        case .integer(let code) where !builder(column) { $0.allows(code) }:
            return unlisted(code, field: index, builder: builders[column])
        case .real(let value):
            let name = layout.names[index]
            return CellProblem(
                reason: "\(NumberFormat.roundTrip(value)) is not a whole-number code of \(name)", field: index + 1, variable: name)
        default: return nil
        }
    }

    /// The value of a whole number written plainly: one to nine digits, without a sign, spaces
    /// or a leading zero. It is the number parser's canonical form, which it reads the same.
    @inline(__always)
    private static func plainWholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard bytes.count > 0, bytes.count <= 9, bytes.count == 1 || bytes[0] != 48 else { return nil }
        var value: Int32 = 0
        for byte in bytes {
            let digit = byte &- 48
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int32(digit)
        }
        return value
    }

    /// The problem of a code the codebook does not list.
    private func unlisted(_ code: Int32, field: Int, builder: ColumnBuilder) -> CellProblem {
        let name = layout.names[field]
        return CellProblem(
            reason: "code \(code) is not in the codebook of \(name) (\(builder.allowedCodesText))", field: field + 1, variable: name)
    }

    /// What `read` finds in column `column`'s builder, read in place: `builders[column].x`
    /// copies the whole builder (328 bytes, with its references retained) for a method or a
    /// computed property, which at four cells a row was a tenth of extraction's instructions.
    @inline(__always)
    private func builder<T>(_ column: Int, _ read: (ColumnBuilder) -> T) -> T {
        builders.withUnsafeBufferPointer { read($0[column]) }
    }

    /// Sets the quick digits of `column`'s field from its builder: at the start, and when a
    /// staged column stops holding one-byte codes (no column starts again).
    private func updateQuickDigits(of column: Int) {
        quickDigits[fieldOfColumn[column]] = builder(column) { $0.holdsCodeBytes ? $0.allowedDigits | QuickCells.emptyBit : 0 }
    }

    /// Appends field `field` of the records on `lines` to `builder` as text, scanning from
    /// where `scanner` stands: a column that turned to text, read again from its rows' bytes.
    static func appendTexts(
        field: Int, ofRecordsOn lines: some Sequence<Int32>, scanner: CSVRecordScanner, fieldCount: Int,
        to builder: inout ColumnBuilder
    ) {
        var rows = scanner
        var scratch: [UInt8] = []
        rows.forEachRecord(onLines: lines, fieldCount: fieldCount) { _, fields in
            appendText(fields[field], of: scanner, to: &builder, scratch: &scratch)
        }
    }

    /// Appends a field's text, unescaping and decoding (in `scratch`) only when the field
    /// needs it.
    private static func appendText(
        _ field: CSVRecordScanner.Field, of scanner: CSVRecordScanner, to builder: inout ColumnBuilder, scratch: inout [UInt8]
    ) {
        scanner.withValue(of: field, scratch: &scratch) { builder.appendText(UnsafeRawBufferPointer($0)) }
    }
}

/// Reads a row in one pass for `CellStore`: stages each quick cell (a one-digit code its column
/// allows while it holds whole numbers) and leaves the other kept fields in a list; stops at a
/// field too many or text after a closing quote, leaving the row to be read field by field.
struct QuickCells: CSVFieldVisitor {
    let text: UnsafePointer<UInt8>
    /// Marks, in a field's quick digits, that an empty cell is staged at once as missing.
    static let emptyBit: UInt16 = 1 << 15

    /// Per field: the cells staged at once (`CellStore.quickDigits`) and where.
    let quickDigits: UnsafePointer<UInt16>
    let stagedOffset: UnsafePointer<Int>
    /// The row's staged cell of column 0; a field's is its `stagedOffset` further.
    let stagedRow: UnsafeMutablePointer<UInt8>
    let fieldCount: Int
    let idField: Int
    let left: UnsafeMutablePointer<(index: Int, field: CSVRecordScanner.Field)>
    let leftCount: UnsafeMutablePointer<Int>
    let id: UnsafeMutablePointer<CSVRecordScanner.Field?>

    @inline(__always)
    func visit(_ field: CSVRecordScanner.Field, at index: Int) -> Bool {
        guard index < fieldCount, !field.isMalformed else { return false }
        if index == idField { id.pointee = field }
        if field.range.count == 1 {
            let digit = text[field.range.lowerBound] &- 48
            if digit < 10, stagesAtOnce(digit, field: index) { return true }
        } else if field.range.isEmpty, stagesMissingAtOnce(field: index) {
            return true
        }
        left[leftCount.pointee] = (index, field)
        leftCount.pointee &+= 1
        return true
    }

    /// `visit(_:at:)` for each field of a run of one-digit fields, with the checks that hold
    /// for the whole run (the field count, the id) made once: most of a survey's cells.
    @inline(__always)
    func visit(digitsAt offset: Int, from index: Int, count: Int) -> Bool {
        guard index &+ count <= fieldCount else { return false }
        if UInt(bitPattern: idField &- index) < UInt(bitPattern: count) {
            id.pointee = Self.field(at: offset &+ 2 &* (idField &- index))
        }
        var leftCount = self.leftCount.pointee
        for field in index..<(index &+ count) {
            let at = offset &+ 2 &* (field &- index)
            if !stagesAtOnce(text[at] &- 48, field: field) {
                left[leftCount] = (field, Self.field(at: at))
                leftCount &+= 1
            }
        }
        self.leftCount.pointee = leftCount
        return true
    }

    /// `visit(_:at:)` for each field of a run of empty fields, with the checks that hold for
    /// the whole run made once: the questions a respondent was not asked.
    @inline(__always)
    func visit(emptiesAt offset: Int, from index: Int, count: Int) -> Bool {
        guard index &+ count <= fieldCount else { return false }
        if UInt(bitPattern: idField &- index) < UInt(bitPattern: count) {
            id.pointee = Self.field(at: offset &+ idField &- index, count: 0)
        }
        var leftCount = self.leftCount.pointee
        for field in index..<(index &+ count) where !stagesMissingAtOnce(field: field) {
            left[leftCount] = (field, Self.field(at: offset &+ field &- index, count: 0))
            leftCount &+= 1
        }
        self.leftCount.pointee = leftCount
        return true
    }

    /// Stages `digit` (0-9) as the row's cell of `field` when its column takes it without a
    /// look (it holds one-byte codes and its codebook allows the digit, or the field is not
    /// kept); false otherwise.
    @inline(__always)
    private func stagesAtOnce(_ digit: UInt8, field: Int) -> Bool {
        // A masking shift: `digit` is 0-9, so the check for shifts past the width can go.
        guard quickDigits[field] &>> digit & 1 != 0 else { return false }
        stagedRow[stagedOffset[field]] = digit
        return true
    }

    /// Stages a missing code as the row's cell of `field`, which is empty (a question not
    /// asked), when its column takes it without a look (it holds one-byte codes, or the field
    /// is not kept); false otherwise.
    @inline(__always)
    private func stagesMissingAtOnce(field: Int) -> Bool {
        guard quickDigits[field] & Self.emptyBit != 0 else { return false }
        stagedRow[stagedOffset[field]] = IntegerColumn.missingByte
        return true
    }

    /// The field of `count` bytes (one, or none) at `offset`.
    @inline(__always)
    private static func field(at offset: Int, count: Int = 1) -> CSVRecordScanner.Field {
        CSVRecordScanner.Field(range: Range(uncheckedBounds: (offset, offset &+ count)), hasEscapedQuotes: false, isMalformed: false)
    }
}

/// Why a row is rejected: its reason, and the field and variable at fault when there is one.
struct CellProblem {
    var reason: String
    /// The 1-based field.
    var field: Int?
    var variable: String?
}
