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
    /// Offset and line of each accepted row.
    private(set) var acceptedStarts: [Int] = []
    private(set) var acceptedLines: [Int32] = []
    /// The id of each accepted row, when the layout has an id field.
    private(set) var ids: [IdentifierKey] = []
    private(set) var rejects: [RejectedRow] = []
    /// Room for a text cell being decoded.
    private var scratch: [UInt8] = []

    /// Parses the records that start before `stop`, from where `scanner` stands, telling
    /// `release` of each stretch of the text once its records are parsed, every `releaseStride`
    /// bytes or so.
    init(
        layout: CSVLayout, scanner: CSVRecordScanner, parser: NumberParser, stop: Int, estimatedRows: Int,
        release: ((Range<Int>) -> Void)? = nil, releaseStride: Int = 4 << 20
    ) {
        var scanner = scanner
        scanner.skipBlankLines()
        start = scanner.offset
        startLine = scanner.currentLine
        end = start
        endLine = startLine
        builders = layout.makeBuilders(capacity: estimatedRows)
        needsRefill = [Bool](repeating: false, count: builders.count)
        acceptedStarts.reserveCapacity(estimatedRows)
        acceptedLines.reserveCapacity(estimatedRows)
        if layout.idField != nil { ids.reserveCapacity(estimatedRows) }
        // Plain records go through a buffer of fields allocated once; the others (quotes, too
        // many fields) through the array the general scan appends to.
        var fields: [CSVRecordScanner.Field] = []
        let plain = UnsafeMutableBufferPointer<CSVRecordScanner.Field>.allocate(capacity: layout.names.count + 2)
        defer { plain.deallocate() }
        var staged = StagedCodes(columns: builders.count)
        let decimals = RecentDecimals()
        var released = start
        while scanner.offset < stop {
            if let release, scanner.offset - released >= releaseStride {
                release(released..<scanner.offset)
                released = scanner.offset
            }
            if let (record, count) = scanner.nextPlain(into: plain) {
                read(
                    record, fields: UnsafeBufferPointer(rebasing: plain[..<count]), layout: layout, scanner: scanner, parser: parser,
                    staged: &staged, decimals: decimals)
            } else if let record = scanner.next(into: &fields) {
                fields.withUnsafeBufferPointer {
                    read(record, fields: $0, layout: layout, scanner: scanner, parser: parser, staged: &staged, decimals: decimals)
                }
            } else {
                break
            }
            scanner.skipBlankLines()
        }
        builders.withUnsafeMutableBufferPointer { staged.flushAll(into: $0) }
        release?(released..<scanner.offset)
        end = scanner.offset
        endLine = scanner.currentLine
    }

    private mutating func read(
        _ record: CSVRecordScanner.Record, fields: UnsafeBufferPointer<CSVRecordScanner.Field>, layout: CSVLayout,
        scanner: CSVRecordScanner, parser: NumberParser, staged: inout StagedCodes, decimals: borrowing RecentDecimals
    ) {
        rowsRead += 1
        let expected = layout.names.count
        var count = fields.count
        if count == expected + 1, fields[expected].range.isEmpty, layout.tolerateTrailingDelimiter || expected > 0 { count = expected }
        var problem: (reason: String, field: Int?, variable: String?)?
        if record.isUnterminated {
            problem = ("unterminated quoted field: the file ends inside quotes opened in this row", fields.count, nil)
        } else if count != expected {
            problem = ("expected \(expected) fields, found \(count)", nil, nil)
        } else if let bad = fields.prefix(count).firstIndex(where: \.isMalformed) {
            problem = ("text after the closing quote of field \(bad + 1)", bad + 1, layout.names[bad])
        } else {
            problem = storeCells(fields, layout: layout, scanner: scanner, parser: parser, staged: &staged, decimals: decimals)
        }
        if let problem {
            for index in builders.indices where builders[index].count > acceptedStarts.count {
                builders[index].truncate(to: acceptedStarts.count)
            }
            rejects.append(
                RejectedRow(
                    location: SourceLocation(file: layout.sourceName, line: record.line, column: problem.field),
                    variable: problem.variable, reason: problem.reason, raw: scanner.text(of: record)))
            return
        }
        acceptedStarts.append(record.range.lowerBound)
        acceptedLines.append(Int32(clamping: record.line))
        if let idField = layout.idField { ids.append(IdentifierKey(scanner.bytes(of: fields[idField]))) }
    }

    /// Parses the record's kept cells into their columns (whole numbers into `staged`) and
    /// ends the row there; the problem if a cell is bad, with the row not ended.
    private mutating func storeCells(
        _ fields: UnsafeBufferPointer<CSVRecordScanner.Field>, layout: CSVLayout, scanner: CSVRecordScanner,
        parser: NumberParser, staged: inout StagedCodes, decimals: borrowing RecentDecimals
    ) -> (reason: String, field: Int?, variable: String?)? {
        var turnedText: [(builder: Int, field: Int)] = []
        // Every array of the loop opened once per row: no bounds or uniqueness checks per cell.
        let problem: (reason: String, field: Int?, variable: String?)? = builders.withUnsafeMutableBufferPointer { builders in
            layout.builderOfField.withUnsafeBufferPointer { builderOfField in
                for fieldIndex in builderOfField.indices {
                    let builderIndex = builderOfField[fieldIndex]
                    guard builderIndex >= 0 else { continue }
                    let field = fields[fieldIndex]
                    let bytes = scanner.bytes(of: field)
                    if builders[builderIndex].isText {
                        Self.appendText(field, of: scanner, to: &builders[builderIndex], scratch: &scratch)
                        continue
                    }
                    let isInteger = builders[builderIndex].isInteger
                    // A one-digit code is most cells of a survey export: no parsing needed.
                    if bytes.count == 1, bytes[0] &- 48 < 10 {
                        let code = Int32(bytes[0] &- 48)
                        if isInteger { staged.stage(code, column: builderIndex) } else { _ = builders[builderIndex].append(code: code) }
                        if builders[builderIndex].allowedDigits >> code & 1 != 0 { continue }
                        return Self.unlisted(code, field: fieldIndex, layout: layout, builder: builders[builderIndex])
                    }
                    let isEmpty = !bytes.contains { $0 != 32 }
                    let parsed = isEmpty ? nil : decimals.parse(bytes, with: parser)
                    if isInteger, isEmpty {
                        staged.stage(Column.missingCode, column: builderIndex)
                    } else if isInteger, case .integer(let code) = parsed {
                        staged.stage(code, column: builderIndex)
                    } else {
                        // The column may change type: it takes its staged cells first.
                        if isInteger { staged.flush(column: builderIndex, into: &builders[builderIndex]) }
                        switch builders[builderIndex].append(parsed, isEmpty: isEmpty) {
                        case .stored: break
                        case .becameText: turnedText.append((builderIndex, fieldIndex))
                        case .notNumeric:
                            let name = layout.names[fieldIndex]
                            let value = scanner.value(of: field)
                            return ("'\(value)' is not a number, but \(name) is numeric in the codebook", fieldIndex + 1, name)
                        }
                    }
                    if let parsed, builders[builderIndex].hasAllowedCodes {
                        let name = layout.names[fieldIndex]
                        switch parsed {
                        case .integer(let code) where !builders[builderIndex].allows(code):
                            return Self.unlisted(code, field: fieldIndex, layout: layout, builder: builders[builderIndex])
                        case .real(let value):
                            return ("\(NumberFormat.roundTrip(value)) is not a whole-number code of \(name)", fieldIndex + 1, name)
                        default: break
                        }
                    }
                }
                staged.endRow(builders: builders)
                return nil
            }
        }
        // A column that turned text in this row (whether or not the row is kept) is text from
        // here on: its earlier rows are read again as text, then this row's cell.
        for (builder, field) in turnedText {
            Self.appendTexts(
                field: field, ofRecordsAt: zip(acceptedStarts, acceptedLines), scanner: scanner, fieldCount: layout.names.count,
                to: &builders[builder])
            Self.appendText(fields[field], of: scanner, to: &builders[builder], scratch: &scratch)
        }
        return problem
    }

    /// Appends field `field` of the records that start at `rows` (offset and line) to `builder`
    /// as text: a column that turned to text, read again from its rows' bytes.
    static func appendTexts(
        field: Int, ofRecordsAt rows: some Sequence<(Int, Int32)>, scanner: CSVRecordScanner, fieldCount: Int,
        to builder: inout ColumnBuilder
    ) {
        var scanner = scanner
        let plain = UnsafeMutableBufferPointer<CSVRecordScanner.Field>.allocate(capacity: fieldCount + 2)
        defer { plain.deallocate() }
        var general: [CSVRecordScanner.Field] = []
        var scratch: [UInt8] = []
        for (start, line) in rows {
            scanner.seek(to: start, line: Int(line))
            if scanner.nextPlain(into: plain) != nil {
                appendText(plain[field], of: scanner, to: &builder, scratch: &scratch)
            } else {
                _ = scanner.next(into: &general)
                appendText(general[field], of: scanner, to: &builder, scratch: &scratch)
            }
        }
    }

    /// The problem of a code the codebook does not list.
    private static func unlisted(_ code: Int32, field: Int, layout: CSVLayout, builder: ColumnBuilder) -> (
        reason: String, field: Int?, variable: String?
    ) {
        let name = layout.names[field]
        return ("code \(code) is not in the codebook of \(name) (\(builder.allowedCodesText))", field + 1, name)
    }

    /// Appends a field's text, unescaping and decoding (in `scratch`) only when the field
    /// needs it.
    static func appendText(
        _ field: CSVRecordScanner.Field, of scanner: CSVRecordScanner, to builder: inout ColumnBuilder, scratch: inout [UInt8]
    ) {
        if scanner.needsDecoding(field) {
            scratch.removeAll(keepingCapacity: true)
            scanner.appendValue(of: field, to: &scratch)
            scratch.withUnsafeBytes { builder.appendText($0) }
        } else {
            builder.appendText(UnsafeRawBufferPointer(scanner.bytes(of: field)))
        }
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
        acceptedStarts += next.acceptedStarts
        acceptedLines += next.acceptedLines.lazy.map { $0 &+ Int32(clamping: lineShift) }
        ids += next.ids
        rejects += next.rejects.lazy.map { $0.movedDown(lines: lineShift) }
        end = next.end
        endLine = next.endLine + lineShift
    }
}

/// Columns of which each thread of a join writes only its own.
private struct SharedBuilders: @unchecked Sendable {
    let builders: UnsafeMutableBufferPointer<ColumnBuilder>
}
