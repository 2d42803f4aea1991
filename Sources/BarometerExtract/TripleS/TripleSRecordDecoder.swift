import BarometerCore

/// Decodes the records of a Triple-S data file (fixed-width or CSV, already UTF-8) into the
/// typed columns the metadata describes, turning away records that do not fit.
///
/// One pass over the bytes. Each record is first decoded into a scratch row; only a record
/// without problems is appended to the columns, so a rejected record leaves no trace but its
/// `RejectedRow` (located at the 1-based character for fixed width, the field number for CSV).
/// Rejected: a record shorter than a variable's position, a code not in the value list, a
/// quantity that is not a number, a logical that is not 0/1, a malformed bitstring, a CSV
/// field with text after its closing quote. Numbers may be padded (`0042`, `+3`, `.5`).
struct TripleSRecordDecoder: RecordChunk {
    private let metadata: TripleSMetadata
    private let dataPath: String
    /// How many stretches the records are decoded in (`ChunkedRecords`); nil: one per core.
    var chunks: Int?
    /// Fields are padded to their width, often with zeros (`0042`).
    private static let numbers = NumberParser(acceptsComma: false, form: .padded)
    private var plans: [Plan] = []
    private var outputs: [(name: String, target: Target)] = []

    private var integerColumns: [IntegerColumn] = []
    private var realColumns: [[Double]] = []
    private var realIsDeclaredWhole: [Bool] = []
    private var textColumns: [TextColumn] = []

    private var integerRow: [Int32] = []
    private var realRow: [Double] = []
    private var textRow: [Range<Int>] = []

    private var sourceLines: [Int32] = []
    private var rejects: [RejectedRow] = []
    private var rowsRead = 0
    /// The longest record seen, in characters (fixed) or fields (CSV).
    private var longestRecord = 0
    /// Scratch: byte offset of each character of a line that is not ASCII.
    private var characterStarts: [Int] = []

    // Where the decoded stretch of the file starts and ends (see `RecordChunk`).
    private(set) var start = 0
    private(set) var startLine = 1
    private(set) var end = 0
    private(set) var endLine = 1
    /// Line and field of a quote that never closes (CSV): the decode fails there.
    private var unterminatedQuote: (line: Int, field: Int)?

    /// Where a dataset column's values are built.
    private enum Target {
        case integer(Int)
        case real(Int)
        case text(Int)
    }

    /// How one variable's field becomes values in the scratch row.
    private enum Decoder {
        /// `table` is nil when the codes span too wide a range for one; `codes` then decides.
        case code(slot: Int, table: CodeTable?, codes: Set<Int32>)
        case literalCode(slot: Int, codes: Set<[UInt8]>)
        case quantity(slot: Int)
        case text(slot: Int, trimLeading: Bool)
        case logical(slot: Int)
        /// `slotByBit[k]` is the integer slot of bit k+1, or -1 when no option has that code.
        case bitstring(length: Int, slotByBit: [Int], slots: [Int])
        case spread(subfields: Int, width: Int, slotByCode: [Int32: Int], slots: [Int])
        case literalSpread(subfields: Int, width: Int, slotByCode: [[UInt8]: Int], slots: [Int])
    }

    /// A class, so the per-field loop passes a reference instead of copying a variable's
    /// strings and value lists for every field of every record.
    private final class Plan: Sendable {
        let variable: TripleSVariable
        let decoder: Decoder
        let start: Int
        let finish: Int

        init(variable: TripleSVariable, decoder: Decoder) {
            self.variable = variable
            self.decoder = decoder
            self.start = variable.start
            self.finish = variable.finish
        }
    }

    /// A reason to turn a record away, at a 1-based character (fixed) or field (CSV).
    private struct Problem: Error {
        var column: Int
        var reason: String
        /// The variable at fault; filled in by the record loop.
        var variable: String? = nil
    }

    init(metadata: TripleSMetadata, dataPath: String) {
        self.metadata = metadata
        self.dataPath = dataPath
        for variable in metadata.variables { plans.append(Plan(variable: variable, decoder: makeDecoder(variable))) }
        integerRow = Array(repeating: 0, count: integerColumns.count)
        realRow = Array(repeating: .nan, count: realColumns.count)
        textRow = Array(repeating: 0..<0, count: textColumns.count)
    }

    private mutating func integerSlot(_ name: String) -> Int {
        integerColumns.append(IntegerColumn())
        outputs.append((name, .integer(integerColumns.count - 1)))
        return integerColumns.count - 1
    }

    private mutating func makeDecoder(_ variable: TripleSVariable) -> Decoder {
        switch variable.type {
        case .single where variable.isLiteral:
            textColumns.append(TextColumn())
            outputs.append((variable.name, .text(textColumns.count - 1)))
            return .literalCode(slot: textColumns.count - 1, codes: Set(variable.values.map { Array($0.code.utf8) }))
        case .single:
            let codes = Set(variable.values.compactMap { Int32($0.code) })
            return .code(slot: integerSlot(variable.name), table: CodeTable(codes), codes: codes)
        case .quantity:
            realColumns.append([])
            realIsDeclaredWhole.append(!variable.quantityIsReal)
            outputs.append((variable.name, .real(realColumns.count - 1)))
            return .quantity(slot: realColumns.count - 1)
        case .logical:
            return .logical(slot: integerSlot(variable.name))
        case .character, .date, .time:
            textColumns.append(TextColumn())
            outputs.append((variable.name, .text(textColumns.count - 1)))
            return .text(slot: textColumns.count - 1, trimLeading: variable.type != .character)
        case .multiple:
            let slots = zip(variable.options, variable.columnNames).map { integerSlot($1) }
            switch variable.multipleForm {
            case .spread(let subfields, let width)?:
                if variable.isLiteral {
                    let byCode = Dictionary(
                        zip(variable.options.map { Array($0.code.utf8) }, slots), uniquingKeysWith: { a, _ in a })
                    return .literalSpread(subfields: subfields, width: width, slotByCode: byCode, slots: slots)
                }
                let byCode = Dictionary(
                    zip(variable.options.compactMap { Int32($0.code) }, slots), uniquingKeysWith: { a, _ in a })
                return .spread(subfields: subfields, width: width, slotByCode: byCode, slots: slots)
            case .bitstring(let length)?:
                var byBit = Array(repeating: -1, count: length)
                for (option, slot) in zip(variable.options, slots) {
                    if let code = Int(option.code), code >= 1, code <= length { byBit[code - 1] = slot }
                }
                return .bitstring(length: length, slotByBit: byBit, slots: slots)
            case nil:
                return .bitstring(length: 0, slotByBit: [], slots: slots)
            }
        }
    }

    // MARK: Reading

    /// Decodes every record of `utf8` (the data file, BOM removed), in parallel stretches
    /// joined as one pass would read them.
    mutating func decode(_ utf8: [UInt8]) throws -> ExtractResult {
        let empty = self
        self = try utf8.withUnsafeBufferPointer { text in
            let body = empty.skipHeaderRecords(text)
            if let quote = body.unterminatedQuote { throw empty.unterminatedQuoteError(quote) }
            return try ChunkedRecords(chunks: chunks).parse(text, from: body.offset, line: body.line) { text, offset, line, end in
                var chunk = empty
                chunk.decodeRecords(text, from: offset, line: line, within: end)
                return chunk
            }
        }
        if let quote = unterminatedQuote { throw unterminatedQuoteError(quote) }
        try checkPositionsFitRecords()
        return finish()
    }

    /// A scanner over `text` in the data file's format.
    private func scanner(_ text: UnsafeBufferPointer<UInt8>) -> CSVRecordScanner {
        switch metadata.record.format {
        case .fixed: CSVRecordScanner(lines: text)
        case .csv: CSVRecordScanner(text: text, delimiter: UInt8(ascii: ","), countsBareCR: true)
        }
    }

    /// A quoted CSV field that the file ends inside: the rest of the file would be one field.
    private func unterminatedQuoteError(_ quote: (line: Int, field: Int)) -> BarometerError {
        BarometerError(
            .badData, "field \(quote.field) opens a quote that never closes",
            at: SourceLocation(file: dataPath, line: quote.line, column: quote.field))
    }

    /// Where the records after the `skip` header records start, or the quote a header record
    /// leaves open.
    private func skipHeaderRecords(_ text: UnsafeBufferPointer<UInt8>) -> (
        offset: Int, line: Int, unterminatedQuote: (line: Int, field: Int)?
    ) {
        var scanner = scanner(text)
        var fields: [CSVRecordScanner.Field] = []
        var skipped = 0
        while skipped < metadata.record.skip, let record = scanner.next(into: &fields) {
            if record.isUnterminated { return (scanner.offset, scanner.currentLine, (record.line, fields.count)) }
            if !isEndOfFileMark(record, in: text) { skipped += 1 }
        }
        return (scanner.offset, scanner.currentLine, nil)
    }

    /// A DOS end-of-file mark is not a record.
    private func isEndOfFileMark(_ record: CSVRecordScanner.Record, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        metadata.record.format == .fixed && record.range.count == 1 && text[record.range.lowerBound] == 0x1A
    }

    /// Decodes the records that start at or after `offset` (on `line`) and that `stretch` allows.
    private mutating func decodeRecords(
        _ text: UnsafeBufferPointer<UInt8>, from offset: Int, line: Int, within stretch: StretchEnd
    ) {
        var stretch = stretch
        var scanner = scanner(text)
        scanner.seek(to: offset, line: line)
        scanner.skipBlankLines()
        (start, startLine) = (scanner.offset, scanner.currentLine)
        var fields: [CSVRecordScanner.Field] = []
        var ranges: [Range<Int>] = []
        var unescaped: [UInt8] = []
        records: while stretch.allows(scanner.offset), let record = scanner.next(into: &fields) {
            defer { scanner.skipBlankLines() }
            if isEndOfFileMark(record, in: text) { continue }
            switch metadata.record.format {
            case .fixed:
                decodeFixedRecord(text, line: record.range, lineNumber: record.line)
            case .csv:
                guard !record.isUnterminated else {
                    unterminatedQuote = (record.line, fields.count)
                    break records
                }
                decodeCSVRecord(record, fields: fields, scanner: scanner, source: text, ranges: &ranges, unescaped: &unescaped)
            }
        }
        (end, endLine) = (scanner.offset, scanner.currentLine)
    }

    /// Appends the records `next` decoded, which follow this chunk's in the file (see
    /// `RecordChunk`), freeing each of its columns once copied.
    mutating func append(_ next: consuming TripleSRecordDecoder, lineShift: Int) {
        for slot in integerColumns.indices {
            integerColumns[slot].append(contentsOf: next.integerColumns[slot])
            next.integerColumns[slot] = IntegerColumn()
        }
        for slot in realColumns.indices {
            realColumns[slot] += next.realColumns[slot]
            next.realColumns[slot] = []
        }
        for slot in textColumns.indices {
            textColumns[slot].append(contentsOf: next.textColumns[slot])
            next.textColumns[slot] = TextColumn()
        }
        sourceLines += next.sourceLines.lazy.map { $0 &+ Int32(clamping: lineShift) }
        rejects += next.rejects.lazy.map { $0.movedDown(lines: lineShift) }
        rowsRead += next.rowsRead
        longestRecord = max(longestRecord, next.longestRecord)
        if unterminatedQuote == nil, let quote = next.unterminatedQuote { unterminatedQuote = (quote.line + lineShift, quote.field) }
        (end, endLine) = (next.end, next.endLine + lineShift)
    }

    private mutating func decodeFixedRecord(_ source: UnsafeBufferPointer<UInt8>, line: Range<Int>, lineNumber: Int) {
        rowsRead += 1
        let isASCII = source[line].allSatisfy { $0 < 0x80 }
        characterStarts.removeAll(keepingCapacity: true)
        if !isASCII {
            for index in line where source[index] & 0xC0 != 0x80 { characterStarts.append(index) }
        }
        let starts = characterStarts
        let length = isASCII ? line.count : starts.count
        longestRecord = max(longestRecord, length)
        func byteOffset(ofCharacter index: Int) -> Int {  // 0-based character index
            if isASCII { return line.lowerBound + index }
            return index < starts.count ? starts[index] : line.upperBound
        }
        let problem = decodeRecord(source, line: lineNumber, fixedWidth: true) { plan in
            guard plan.finish <= length else {
                throw Problem(
                    column: plan.start,
                    reason: "the record has \(length) characters; \(plan.variable.name) needs positions "
                        + "\(plan.start)–\(plan.finish)")
            }
            return byteOffset(ofCharacter: plan.start - 1)..<byteOffset(ofCharacter: plan.finish)
        }
        if let problem { reject(problem, line: lineNumber, raw: String(decoding: source[line], as: UTF8.self)) }
    }

    /// Decodes one CSV record split by the project's scanner; a record whose fields hold
    /// doubled quotes is decoded from an unescaped copy of its fields.
    private mutating func decodeCSVRecord(
        _ record: CSVRecordScanner.Record, fields: [CSVRecordScanner.Field], scanner: CSVRecordScanner,
        source text: UnsafeBufferPointer<UInt8>, ranges: inout [Range<Int>], unescaped: inout [UInt8]
    ) {
        rowsRead += 1
        longestRecord = max(longestRecord, fields.count)
        ranges.removeAll(keepingCapacity: true)
        let problem: Problem?
        if let bad = fields.firstIndex(where: \.isMalformed) {
            problem = Problem(
                column: bad + 1, reason: "text after the closing quote of field \(bad + 1)",
                variable: plans.first { $0.start == bad + 1 }?.variable.name)
        } else if fields.contains(where: \.hasEscapedQuotes) {
            unescaped.removeAll(keepingCapacity: true)
            for field in fields {
                let start = unescaped.count
                scanner.appendValue(of: field, to: &unescaped)
                ranges.append(start..<unescaped.count)
            }
            let fieldRanges = ranges
            problem = unescaped.withUnsafeBufferPointer { decodeCSVRecord($0, fields: fieldRanges, line: record.line) }
        } else {
            for field in fields { ranges.append(field.range) }
            problem = decodeCSVRecord(text, fields: ranges, line: record.line)
        }
        if let problem { reject(problem, line: record.line, raw: scanner.text(of: record)) }
    }

    /// Decodes one CSV record whose fields are `fields` in `source`; the problem if it does not fit.
    private mutating func decodeCSVRecord(_ source: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], line: Int) -> Problem? {
        decodeRecord(source, line: line, fixedWidth: false) { plan in
            guard plan.start <= fields.count else {
                throw Problem(
                    column: plan.start,
                    reason: "the record has \(fields.count) fields; \(plan.variable.name) is field \(plan.start)")
            }
            return fields[plan.start - 1]
        }
    }

    /// Decodes every variable of one record into the scratch row and commits the row; the
    /// problem, naming its variable, if one does not fit.
    ///
    /// - Parameter field: the bytes of a plan's field in `source`; throws a `Problem`
    ///   when the record is too short to have it.
    private mutating func decodeRecord(
        _ source: UnsafeBufferPointer<UInt8>, line: Int, fixedWidth: Bool,
        field: (Plan) throws -> Range<Int>
    ) -> Problem? {
        // Borrowed from a copy: iterating `self.plans` while `decodeField` mutates `self` would
        // retain and release every plan of every record.
        let plans = self.plans
        let problem = plans.withUnsafeBufferPointer { plans -> Problem? in
            for plan in plans {
                do {
                    try decodeField(plan, source: source, field: field(plan), column: plan.start, fixedWidth: fixedWidth)
                } catch var problem as Problem {
                    problem.variable = plan.variable.name
                    return problem
                } catch {
                    preconditionFailure("unexpected error \(error)")
                }
            }
            return nil
        }
        if problem == nil { commitRow(source, line: line) }
        return problem
    }

    // MARK: Fields

    /// Decodes one variable's field into the scratch row.
    ///
    /// - Parameters:
    ///   - column: the field's first character (fixed width) or its field number (CSV);
    ///     problems inside a fixed-width field point at the character at fault.
    private mutating func decodeField(
        _ plan: Plan, source: UnsafeBufferPointer<UInt8>, field: Range<Int>, column: Int, fixedWidth: Bool
    ) throws {
        let trimmed = Self.trimmed(source, field)
        func text(_ range: Range<Int>) -> String { String(decoding: source[range], as: UTF8.self) }
        switch plan.decoder {
        case .code(let slot, let table, let codes):
            if trimmed.isEmpty {
                integerRow[slot] = Column.missingCode
                return
            }
            guard case .integer(let code)? = Self.number(source, trimmed), table?.contains(code) ?? codes.contains(code)
            else {
                throw Problem(column: column, reason: "code \(text(trimmed)) is not in the value list of \(plan.variable.name)")
            }
            integerRow[slot] = code

        case .literalCode(let slot, let codes):
            if !trimmed.isEmpty, !codes.contains(Array(source[trimmed])) {
                throw Problem(column: column, reason: "code \(text(trimmed)) is not in the value list of \(plan.variable.name)")
            }
            textRow[slot] = trimmed

        case .quantity(let slot):
            if trimmed.isEmpty {
                realRow[slot] = .nan
                return
            }
            switch Self.number(source, trimmed) {
            case .integer(let value): realRow[slot] = Double(value)
            case .real(let value): realRow[slot] = value
            case nil:
                throw Problem(column: column, reason: "\(plan.variable.name) is a quantity but \"\(text(trimmed))\" is not a number")
            }

        case .text(let slot, let trimLeading):
            if trimLeading {
                textRow[slot] = trimmed
            } else if fixedWidth {
                var end = field.upperBound
                while end > field.lowerBound, source[end - 1] == 0x20 { end -= 1 }
                textRow[slot] = field.lowerBound..<end
            } else {
                textRow[slot] = field
            }

        case .logical(let slot):
            if trimmed.isEmpty {
                integerRow[slot] = Column.missingCode
                return
            }
            switch String(decoding: source[trimmed], as: UTF8.self).lowercased() {
            case "1", "true": integerRow[slot] = 1
            case "0", "false": integerRow[slot] = 0
            default:
                throw Problem(column: column, reason: "\(plan.variable.name) is logical but \"\(text(trimmed))\" is not 0 or 1")
            }

        case .bitstring(let length, let slotByBit, let slots):
            if trimmed.isEmpty {
                for slot in slots { integerRow[slot] = Column.missingCode }
                return
            }
            guard field.count == length else {
                throw Problem(
                    column: column,
                    reason: "\(plan.variable.name) needs a bitstring of \(length) characters, found \"\(text(field))\"")
            }
            for slot in slots { integerRow[slot] = 0 }
            for bit in 0..<length {
                let byte = source[field.lowerBound + bit]
                let at = fixedWidth ? column + bit : column
                switch byte {
                case UInt8(ascii: "0"), UInt8(ascii: " "): continue
                case UInt8(ascii: "1"):
                    guard slotByBit[bit] >= 0 else {
                        throw Problem(
                            column: at,
                            reason: "character \(bit + 1) of \(plan.variable.name) is set but \(bit + 1) is not in its value list")
                    }
                    integerRow[slotByBit[bit]] = 1
                default:
                    throw Problem(
                        column: at,
                        reason: "\(plan.variable.name) is a bitstring of 0 and 1 but has \"\(text(field))\"")
                }
            }

        case .spread(let subfields, let width, let slotByCode, let slots):
            try decodeSpread(
                plan.variable.name, source: source, field: field, column: column, fixedWidth: fixedWidth, subfields: subfields,
                width: width, slots: slots
            ) { code in
                guard case .integer(let number)? = Self.number(source, code) else { return .unknown }
                if number == 0 { return .unused }
                return slotByCode[number].map { .option($0) } ?? .unknown
            }

        case .literalSpread(let subfields, let width, let slotByCode, let slots):
            try decodeSpread(
                plan.variable.name, source: source, field: field, column: column, fixedWidth: fixedWidth, subfields: subfields,
                width: width, slots: slots
            ) { code in
                slotByCode[Array(source[code])].map { .option($0) } ?? .unknown
            }
        }
    }

    private enum SpreadCode {
        case option(Int)
        case unused
        case unknown
    }

    private mutating func decodeSpread(
        _ name: String, source: UnsafeBufferPointer<UInt8>, field: Range<Int>, column: Int,
        fixedWidth: Bool, subfields: Int, width: Int, slots: [Int], lookup: (Range<Int>) -> SpreadCode
    ) throws {
        if Self.trimmed(source, field).isEmpty {
            for slot in slots { integerRow[slot] = Column.missingCode }
            return
        }
        guard source[field].allSatisfy({ $0 < 0x80 }) else {
            throw Problem(
                column: column,
                reason: "\(name) holds \(subfields) codes of \(width) characters but has "
                    + "\"\(String(decoding: source[field], as: UTF8.self))\"")
        }
        let used = min(field.count, subfields * width)
        // Beyond the subfields only padding may follow.
        if !source[(field.lowerBound + used)..<field.upperBound].allSatisfy({ $0 == UInt8(ascii: "0") || $0 == 0x20 }) {
            throw Problem(
                column: fixedWidth ? column + used : column,
                reason: "\(name) holds \(subfields) codes of \(width) characters but has "
                    + "\"\(String(decoding: source[field], as: UTF8.self))\"")
        }
        for slot in slots { integerRow[slot] = 0 }
        var offset = 0
        while offset < used {
            let subfield = (field.lowerBound + offset)..<(field.lowerBound + min(offset + width, used))
            let code = Self.trimmed(source, subfield)
            if !code.isEmpty {
                switch lookup(code) {
                case .option(let slot): integerRow[slot] = 1
                case .unused: break
                case .unknown:
                    throw Problem(
                        column: fixedWidth ? column + offset : column,
                        reason: "code \(String(decoding: source[code], as: UTF8.self)) is not in the value list of "
                            + "\(name)")
                }
            }
            offset += width
        }
    }

    // MARK: Rows

    private mutating func commitRow(_ source: UnsafeBufferPointer<UInt8>, line: Int) {
        // Through the buffers: indexing the arrays of arrays would check each for sharing per cell.
        integerRow.withUnsafeBufferPointer { row in
            integerColumns.withUnsafeMutableBufferPointer { columns in
                for slot in row.indices { columns[slot].append(row[slot]) }
            }
        }
        realRow.withUnsafeBufferPointer { row in
            realColumns.withUnsafeMutableBufferPointer { columns in
                for slot in row.indices { columns[slot].append(row[slot]) }
            }
        }
        for slot in textRow.indices {
            textColumns[slot].append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: source[textRow[slot]])))
            textRow[slot] = 0..<0
        }
        sourceLines.append(Int32(clamping: line))
    }

    private mutating func reject(_ problem: Problem, line: Int, raw: String) {
        rejects.append(
            RejectedRow(
                location: SourceLocation(file: dataPath, line: line, column: problem.column), variable: problem.variable,
                reason: problem.reason, raw: raw))
        for slot in textRow.indices { textRow[slot] = 0..<0 }
    }

    /// A position past the end of every record is a metadata mistake, not a data problem.
    private func checkPositionsFitRecords() throws {
        guard rowsRead > 0 else { return }
        for plan in plans {
            let variable = plan.variable
            let needed = metadata.record.format == .csv ? variable.start : variable.finish
            guard needed > longestRecord else { continue }
            let what =
                metadata.record.format == .csv
                ? "field \(variable.start) is past the end of every record in \(dataPath) (the longest has \(longestRecord) fields)"
                : "position \(variable.start)–\(variable.finish) is past the end of every record in \(dataPath) "
                    + "(the longest has \(longestRecord) characters)"
            throw BarometerError(.badData, "variable \(variable.name): \(what)", at: variable.location)
        }
    }

    private func finish() -> ExtractResult {
        var columns: [Column] = []
        for (name, target) in outputs {
            switch target {
            case .integer(let slot):
                columns.append(Column(name: name, values: .integer(integerColumns[slot])))
            case .real(let slot):
                let values = realColumns[slot]
                if realIsDeclaredWhole[slot], values.allSatisfy({ $0.isNaN || ($0 == $0.rounded() && abs($0) < 2_147_483_647.5 && $0 > -2_147_483_648) }) {
                    columns.append(
                        Column(name: name, integers: values.map { $0.isNaN ? Column.missingCode : Int32($0) }))
                } else {
                    columns.append(Column(name: name, reals: values))
                }
            case .text(let slot):
                columns.append(Column(name: name, values: .text(textColumns[slot])))
            }
        }
        let dataset = Dataset(
            sourceFile: dataPath, sourceLines: sourceLines, columns: columns, codebook: metadata.codebook)
        return ExtractResult(dataset: dataset, rejects: rejects, rowsRead: rowsRead)
    }

    // MARK: Bytes

    private static func number(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> NumberParser.Value? {
        numbers.parse(UnsafeBufferPointer(rebasing: source[range]))
    }

    private static func trimmed(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, source[start] == 0x20 || source[start] == 0x09 { start += 1 }
        while end > start, source[end - 1] == 0x20 || source[end - 1] == 0x09 { end -= 1 }
        return start..<end
    }
}
