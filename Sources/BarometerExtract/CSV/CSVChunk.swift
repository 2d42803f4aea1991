import BarometerCore

/// The rows of one stretch of a delimited file, parsed into typed columns: the unit of work
/// when a file is read on several cores.
///
/// A chunk parses the records that start in its stretch (the last may run past it). Its line
/// numbers count from wherever its scanner started; `append(_:)` shifts them when chunks are
/// joined. Ids are collected, not checked: a repeat can span chunks, so `CSVReader` checks
/// them in file order after the join.
struct CSVChunk: RecordChunk {
    /// Offset and line of the first record (past blank lines).
    private(set) var start: Int
    private(set) var startLine: Int
    /// Offset and line where the next chunk's first record must start for the two to join.
    private(set) var end: Int
    private(set) var endLine: Int

    private(set) var builders: [ColumnBuilder]
    /// Columns typed by their cells that are text in one joined chunk and numbers in another,
    /// to be refilled as text from all rows. (Within a chunk, a column that meets text reads
    /// its earlier rows again at once and goes on as text.)
    private(set) var needsRefill: [Bool]
    private(set) var rowsRead = 0
    /// The line of each accepted row (where it is, for a look back: `CSVRecordScanner.forEachRecord`).
    private(set) var acceptedLines: [Int32] = []
    /// The id of each accepted row, when the layout has an id field.
    private(set) var ids = IdentifierKeys()
    private(set) var rejects: [RejectedRow] = []

    /// Parses the records that `end` allows, from where `scanner` stands, telling
    /// `release` of each stretch of the text once its records are parsed, every `releaseStride`
    /// bytes or so.
    ///
    /// A record is read in one pass, its cells stored as its fields are found; one that is not
    /// plain (quotes that do not close, a wrong field count, a bad cell) is dropped and read
    /// again field by field, which gives its reject or its cells the slow way.
    init(
        layout: CSVLayout, scanner: CSVRecordScanner, parser: NumberParser, end stretch: StretchEnd, estimatedRows: Int,
        release: ((Range<Int>) -> Void)? = nil, releaseStride: Int = 4 << 20
    ) {
        var scanner = scanner
        scanner.skipBlankLines()
        start = scanner.offset
        startLine = scanner.currentLine
        end = start
        endLine = startLine
        builders = []
        var cells = CellStore(layout: layout, scanner: scanner, parser: parser, capacity: estimatedRows)
        needsRefill = [Bool](repeating: false, count: cells.builders.count)
        acceptedLines.reserveCapacity(estimatedRows)
        if layout.idField != nil { ids.reserveCapacity(estimatedRows) }
        // Records the one pass gives up on go through the array the general scan appends to.
        var fields: [CSVRecordScanner.Field] = []
        let expected = layout.names.count
        var released = start
        var stretch = stretch
        while stretch.allows(scanner.offset) {
            if let release, scanner.offset - released >= releaseStride {
                release(released..<scanner.offset)
                released = scanner.offset
            }
            let (offset, line) = (scanner.offset, scanner.currentLine)
            if let (record, count) = scanner.nextPlain(visiting: cells.quickCells()), count == expected, cells.storeLeftCells() {
                rowsRead += 1
                keep(record, id: cells.id, cells: &cells, scanner: scanner)
            } else {
                cells.dropRow(keepingRowsOn: acceptedLines)
                scanner.seek(to: offset, line: line)
                guard let record = scanner.next(into: &fields) else { break }
                fields.withUnsafeBufferPointer { read(record, fields: $0, layout: layout, scanner: scanner, cells: &cells) }
            }
            scanner.skipBlankLines()
        }
        builders = cells.finish()
        release?(released..<scanner.offset)
        end = scanner.offset
        endLine = scanner.currentLine
    }

    /// Reads a record field by field: its cells, or its reject.
    private mutating func read(
        _ record: CSVRecordScanner.Record, fields: UnsafeBufferPointer<CSVRecordScanner.Field>, layout: CSVLayout,
        scanner: CSVRecordScanner, cells: inout CellStore
    ) {
        rowsRead += 1
        let expected = layout.names.count
        var count = fields.count
        if count == expected + 1, fields[expected].range.isEmpty, layout.tolerateTrailingDelimiter || expected > 0 { count = expected }
        var problem: CellProblem?
        if record.isUnterminated {
            problem = CellProblem(reason: "unterminated quoted field: the file ends inside quotes opened in this row", field: fields.count)
        } else if count != expected {
            problem = CellProblem(reason: "expected \(expected) fields, found \(count)")
        } else if let bad = fields.prefix(count).firstIndex(where: \.isMalformed) {
            problem = CellProblem(reason: "text after the closing quote of field \(bad + 1)", field: bad + 1, variable: layout.names[bad])
        } else {
            for index in 0..<count where !cells.store(fields[index], at: index) {
                problem = cells.problem
                break
            }
        }
        guard let problem else {
            keep(record, id: layout.idField.map { fields[$0] }, cells: &cells, scanner: scanner)
            return
        }
        cells.dropRow(keepingRowsOn: acceptedLines)
        rejects.append(
            RejectedRow(
                location: SourceLocation(file: layout.sourceName, line: record.line, column: problem.field),
                variable: problem.variable, reason: problem.reason, raw: scanner.text(of: record)))
    }

    /// Keeps a record whose cells are all stored.
    private mutating func keep(
        _ record: CSVRecordScanner.Record, id: CSVRecordScanner.Field?, cells: inout CellStore, scanner: CSVRecordScanner
    ) {
        cells.endRow(afterRowsOn: acceptedLines)
        acceptedLines.append(Int32(clamping: record.line))
        if let id { ids.append(scanner.bytes(of: id)) }
    }

    /// Each of `next`'s columns is freed as soon as it is copied, so that joining needs room
    /// for a few more columns at a time, not for a second copy of the data. The columns are
    /// joined on every core: each copy into fresh memory is mostly page faults.
    mutating func append(_ next: consuming CSVChunk, lineShift: Int) {
        for index in builders.indices where next.needsRefill[index] || builders[index].isText != next.builders[index].isText {
            needsRefill[index] = true
        }
        let refilled = needsRefill
        builders.withUnsafeMutableBufferPointer { builders in
            next.builders.withUnsafeMutableBufferPointer { others in
                let (into, from) = (SharedBuilders(builders: builders), SharedBuilders(builders: others))
                _ = try? Parallel.map(builders.count) { index in
                    if !refilled[index] { into.builders[index].append(contentsOf: from.builders[index]) }
                    from.builders[index].restartAsText()
                }
            }
        }
        rowsRead += next.rowsRead
        acceptedLines += next.acceptedLines.lazy.map { $0 &+ Int32(clamping: lineShift) }
        ids.append(contentsOf: next.ids)
        rejects += next.rejects.lazy.map { $0.movedDown(lines: lineShift) }
        end = next.end
        endLine = next.endLine + lineShift
    }
}

/// Columns of which each thread of a join writes only its own.
private struct SharedBuilders: @unchecked Sendable {
    let builders: UnsafeMutableBufferPointer<ColumnBuilder>
}
