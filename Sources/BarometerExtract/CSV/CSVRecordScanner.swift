import CByteMasks

/// Splits UTF-8 delimited text into records and fields without copying or allocating per field.
///
/// RFC 4180 plus what exports really contain: quoted fields with embedded delimiters, doubled
/// quotes and line breaks; CRLF, LF or a mix; a last line without a line break. Fields come
/// back as byte ranges into the text; only a quoted field with doubled quotes needs `value(of:)`
/// to unescape it. Blank lines are skipped. Line numbers count every line break, including
/// those inside quoted fields, so messages point at the right line.
///
/// In lines mode (`init(lines:)`, for fixed-width files) each line is a record with one field
/// and quotes are data.
// Sendable by contract: the scanner only reads a text its owner keeps alive and unchanged,
// so chunks of one text can be scanned on several threads at once.
public struct CSVRecordScanner: @unchecked Sendable {
    /// One field of the current record.
    public struct Field: Sendable, Equatable {
        /// The field's bytes, without surrounding quotes.
        public var range: Range<Int>
        /// The field contains doubled quotes that `value(of:)` turns into one.
        public var hasEscapedQuotes: Bool
        /// Text followed the closing quote before the next delimiter (`"a"b;`).
        public var isMalformed: Bool
    }

    /// Where the current record stands in the text.
    public struct Record: Sendable, Equatable {
        /// Bytes of the record without its line ending.
        public var range: Range<Int>
        /// The 1-based line the record starts on.
        public var line: Int
        /// The file ended inside a quoted field that began in this record.
        public var isUnterminated: Bool
    }

    /// The code page the text is in when it is not UTF-8: `value(of:)`, `withValue(of:scratch:_:)`
    /// and `text(of:)` decode through it; `bytes(of:)` stays raw.
    public var charset: SingleByteCharset?
    private let base: UnsafePointer<UInt8>
    private let count: Int
    /// The field separator; a line feed in lines mode, where only line breaks split.
    public let delimiter: UInt8
    private let splitsFields: Bool
    /// A CR without an LF after it counts as a line break too.
    private let countsBareCR: Bool
    private var position: Int
    private var line: Int
    /// Where `nextPlain` finds the ends of unquoted fields.
    private var boundaries: FieldBoundaries

    /// Scans `text`, which must stay alive and unchanged while the scanner is used.
    ///
    /// - Parameter countsBareCR: count a CR that no LF follows (old Mac files) as a line break
    ///   in line numbers; without it such a CR still ends a record but only LFs are counted.
    public init(text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, line: Int = 1, countsBareCR: Bool = false) {
        self.base = text.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.count = text.count
        self.delimiter = delimiter
        self.splitsFields = true
        self.countsBareCR = countsBareCR
        self.position = 0
        self.line = line
        self.boundaries = FieldBoundaries()
    }

    /// Scans `text` as fixed-width lines: each record is one line, its only field, with quotes
    /// and delimiters kept as data. CR, LF and CRLF each end a line and count as one.
    public init(lines text: UnsafeBufferPointer<UInt8>, line: Int = 1) {
        self.base = text.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.count = text.count
        self.delimiter = 10
        self.splitsFields = false
        self.countsBareCR = true
        self.position = 0
        self.line = line
        self.boundaries = FieldBoundaries()
    }

    /// Whether the byte at `index` is a CR that counts as a line break of its own.
    private func isCountedBareCR(at index: Int) -> Bool {
        countsBareCR && base[index] == 13 && (index + 1 == count || base[index + 1] != 10)
    }

    /// Where the next record (or blank line) starts.
    public var offset: Int { position }

    /// The line `offset` is on.
    public var currentLine: Int { line }

    /// Moves past blank lines, so that `offset` is where the next record starts: they are not
    /// rows.
    public mutating func skipBlankLines() {
        while position < count, base[position] == 10 || base[position] == 13 {
            if base[position] == 10 || isCountedBareCR(at: position) { line += 1 }
            position += 1
        }
    }

    /// Reads the next record's fields into `fields` (cleared first); nil at the end of the text.
    public mutating func next(into fields: inout [Field]) -> Record? {
        fields.removeAll(keepingCapacity: true)
        skipBlankLines()
        guard position < count else { return nil }
        let start = position
        let startLine = line
        var unterminated = false
        if splitsFields {
            unterminated = readFields(into: &fields)
        } else {
            while position < count, base[position] != 10, base[position] != 13 { position += 1 }
            fields.append(Field(range: start..<position, hasEscapedQuotes: false, isMalformed: false))
        }
        let end = position
        passLineBreak()
        return Record(range: start..<end, line: startLine, isUnterminated: unterminated)
    }

    /// Reads the next record into `fields` when it is an ordinary one: at most `fields.count`
    /// fields, every quote closed, no delimiter ending the file. Returns the record and its
    /// field count, or nil with the scanner where it was (use `next(into:)` then).
    ///
    /// The fast path of `next(into:)`: the same fields, written into a buffer the caller owns
    /// instead of appended to an array.
    public mutating func nextPlain(into fields: UnsafeMutableBufferPointer<Field>) -> (record: Record, fieldCount: Int)? {
        nextPlain(visiting: FieldBuffer(fields: fields))
    }

    /// Reads the next record when it is an ordinary one (every quote closed, no delimiter
    /// ending the file), handing each field to `visitor` as soon as its end is found, so that
    /// a record is read and used in one pass. Returns the record and its field count, or nil
    /// with the scanner where it was when the record is not ordinary or the visitor stops
    /// (use `next(into:)` then); the visitor must then forget the fields it was given.
    @inline(__always)
    mutating func nextPlain<Visitor: CSVFieldVisitor>(visiting visitor: Visitor) -> (
        record: Record, fieldCount: Int
    )? {
        guard splitsFields else { return nil }
        let (savedPosition, savedLine) = (position, line)
        skipBlankLines()
        guard position < count else { return nil }
        let (start, startLine) = (position, line)
        // Locals, so the loops keep them in registers across the visitor's stores.
        let (text, count, delimiter) = (base, self.count, self.delimiter)
        var boundaries = self.boundaries
        defer { self.boundaries = boundaries }
        let quote = UInt8(ascii: "\"")
        var offset = position
        var fieldCount = 0
        while true {
            // A run of empty fields (questions not asked), one delimiter each, goes to the visitor
            // whole, as a run of one-digit fields does below.
            if offset &+ 64 < count, text[offset] == delimiter {
                let run = (~barometer_match_mask64(text + offset, delimiter, delimiter, delimiter)).trailingZeroBitCount
                guard visitor.visit(emptiesAt: offset, from: fieldCount, count: run) else {
                    (position, line) = (savedPosition, savedLine)
                    return nil
                }
                fieldCount &+= run
                offset &+= run
                continue
            }
            // A run of one-digit fields goes to the visitor whole. The run must stop short of
            // the text's end, so a delimiter there still leaves the record to `next`. Its first
            // field is checked here: a longer number would end the run before it began.
            if offset &+ 64 < count, text[offset] &- 48 < 10, text[offset &+ 1] == delimiter {
                let run = Int(barometer_digit_fields64(text + offset, delimiter))
                if run > 0 {
                    guard visitor.visit(digitsAt: offset, from: fieldCount, count: run) else {
                        (position, line) = (savedPosition, savedLine)
                        return nil
                    }
                    fieldCount &+= run
                    offset &+= 2 &* run
                    continue
                }
            }
            var byte: UInt8 = 0
            let field: Field
            if text[offset] == quote {
                let quoted = quotedField(at: offset)
                guard quoted.closed else {
                    (position, line) = (savedPosition, savedLine)
                    return nil
                }
                offset = quoted.end
                field = quoted.field
            } else {
                let fieldStart = offset
                offset = boundaries.fieldEnd(from: offset, in: text, count: count, delimiter: delimiter)
                field = Field(range: Range(uncheckedBounds: (fieldStart, offset)), hasEscapedQuotes: false, isMalformed: false)
            }
            byte = offset < count ? text[offset] : 0
            guard visitor.visit(field, at: fieldCount) else {
                (position, line) = (savedPosition, savedLine)
                return nil
            }
            fieldCount &+= 1
            // A delimiter at the very end leaves an empty last field, which `next` handles.
            guard offset < count, byte == delimiter, offset &+ 1 < count else { break }
            offset &+= 1
        }
        position = offset
        if position < count, base[position] == delimiter {
            (position, line) = (savedPosition, savedLine)
            return nil
        }
        let end = position
        passLineBreak()
        return (Record(range: start..<end, line: startLine, isUnterminated: false), fieldCount)
    }

    /// Reads on from where the scanner stands to the records that start on `lines` (in
    /// increasing order), calling `body` with each and its fields; the records between them
    /// are passed over. A stretch's kept rows are found again this way from their lines alone,
    /// for the rare look back, rather than keeping where each row starts.
    mutating func forEachRecord(
        onLines lines: some Sequence<Int32>, fieldCount: Int, _ body: (Record, UnsafeBufferPointer<Field>) -> Void
    ) {
        let plain = UnsafeMutableBufferPointer<Field>.allocate(capacity: fieldCount + 2)
        defer { plain.deallocate() }
        var general: [Field] = []
        for line in lines.lazy.map(Int.init) {
            while true {
                if let (record, count) = nextPlain(into: plain) {
                    if record.line == line {
                        body(record, UnsafeBufferPointer(rebasing: plain[..<count]))
                        break
                    }
                } else if let record = next(into: &general) {
                    if record.line == line {
                        general.withUnsafeBufferPointer { body(record, $0) }
                        break
                    }
                } else {
                    return
                }
            }
        }
    }

    /// Moves past the line break (CR, LF or CRLF) at `position`, if there is one, counting it.
    @inline(__always)
    private mutating func passLineBreak() {
        if position < count, base[position] == 13 {
            if isCountedBareCR(at: position) { line += 1 }
            position += 1
        }
        if position < count, base[position] == 10 {
            position += 1
            line += 1
        }
    }

    /// Scans the quoted field whose opening quote is at `offset`, counting the line breaks in
    /// it. Returns the field (without its quotes), where the scan stopped (past the closing
    /// quote and any text before the next delimiter or line break, which makes the field
    /// malformed; the end of the text when the quote never closes) and whether it closed.
    private mutating func quotedField(at offset: Int) -> (field: Field, end: Int, closed: Bool) {
        let quote = UInt8(ascii: "\"")
        var offset = offset + 1
        let start = offset
        var escaped = false
        while offset < count {
            // Free text is passed over 64 bytes at a time, to the next quote or line break.
            if offset &+ 64 <= count {
                let marks = barometer_match_mask64(base + offset, quote, 10, 13)
                guard marks != 0 else {
                    offset &+= 64
                    continue
                }
                offset &+= marks.trailingZeroBitCount
            }
            let byte = base[offset]
            if byte == quote {
                if offset + 1 < count, base[offset + 1] == quote {
                    escaped = true
                    offset += 2
                    continue
                }
                var field = Field(range: start..<offset, hasEscapedQuotes: escaped, isMalformed: false)
                offset += 1
                if offset < count, base[offset] != delimiter, base[offset] != 10, base[offset] != 13 {
                    field.isMalformed = true
                    while offset < count, base[offset] != delimiter, base[offset] != 10, base[offset] != 13 { offset += 1 }
                }
                return (field, offset, true)
            }
            if byte == 10 || byte == 13 && isCountedBareCR(at: offset) { line += 1 }
            offset += 1
        }
        return (Field(range: start..<offset, hasEscapedQuotes: escaped, isMalformed: false), offset, false)
    }

    /// Reads the fields of the record at `position` up to its line break; whether the text
    /// ended inside quotes.
    private mutating func readFields(into fields: inout [Field]) -> Bool {
        let quote = UInt8(ascii: "\"")
        var unterminated = false
        while true {
            if position < count, base[position] == quote {
                let quoted = quotedField(at: position)
                position = quoted.end
                fields.append(quoted.field)
                if !quoted.closed {
                    unterminated = true
                    break
                }
            } else {
                let fieldStart = position
                while position < count {
                    let byte = base[position]
                    if byte == delimiter || byte == 10 || byte == 13 { break }
                    position += 1
                }
                fields.append(Field(range: fieldStart..<position, hasEscapedQuotes: false, isMalformed: false))
            }
            if position >= count { break }
            let byte = base[position]
            if byte == delimiter {
                position += 1
                if position >= count {
                    fields.append(Field(range: position..<position, hasEscapedQuotes: false, isMalformed: false))
                    break
                }
                continue
            }
            // A line break ends the record.
            break
        }
        return unterminated
    }

    /// The field's text with doubled quotes made single.
    public func value(of field: Field) -> String {
        var scratch: [UInt8] = []
        return withValue(of: field, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the field's UTF-8 text with doubled quotes made single to `out`, for callers
    /// that collect bytes rather than strings.
    public func appendValue(of field: Field, to out: inout [UInt8]) {
        guard let decoder = decoder(for: field) else { return out.append(contentsOf: bytes(of: field)) }
        decoder.appendUTF8(bytes(of: field), unescapingQuotes: field.hasEscapedQuotes, to: &out)
    }

    /// Calls `body` with the field's UTF-8 text, doubled quotes made single: the field's own
    /// bytes when they are that already, otherwise decoded into `scratch`, which a caller
    /// reading many fields keeps to reuse its room.
    public func withValue<Result>(
        of field: Field, scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        let bytes = bytes(of: field)
        guard let decoder = decoder(for: field) else { return body(bytes) }
        let room = SingleByteCharset.room(for: bytes.count)
        if scratch.count < room { scratch.append(contentsOf: repeatElement(0, count: room - scratch.count)) }
        return scratch.withUnsafeMutableBufferPointer { scratch in
            let count = decoder.decode(bytes, unescapingQuotes: field.hasEscapedQuotes, to: scratch.baseAddress!)
            return body(UnsafeBufferPointer(rebasing: scratch[..<count]))
        }
    }

    /// What turns the field's bytes into its UTF-8 text: the code page, or for UTF-8 with
    /// doubled quotes a pass that makes them single; nil when the bytes are the text already.
    private func decoder(for field: Field) -> SingleByteCharset? {
        charset ?? (field.hasEscapedQuotes ? .unchanged : nil)
    }

    /// The first byte of the text, for visitors that look at fields' bytes.
    var textStart: UnsafePointer<UInt8> { base }

    /// The field's bytes, for callers that parse numbers without making a string.
    public func bytes(of field: Field) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + field.range.lowerBound, count: field.range.count)
    }

    /// The record's text as it stood in the file.
    public func text(of record: Record) -> String {
        let bytes = UnsafeBufferPointer(start: base + record.range.lowerBound, count: record.range.count)
        return String(decoding: charset?.utf8(bytes) ?? Array(bytes), as: UTF8.self)
    }

    /// Continues scanning at `offset` (a record start recorded earlier) on `line`.
    public mutating func seek(to offset: Int, line: Int) {
        position = offset
        self.line = line
    }
}

/// Takes the fields of a record from `CSVRecordScanner.nextPlain(visiting:)` as the scan finds
/// them.
///
/// A visitor is passed by value and writes through pointers it holds: the scan's loop then keeps
/// those pointers in registers rather than reloading them after every store.
protocol CSVFieldVisitor {
    /// Takes field `index` of the record (0-based); false stops the scan, which then hands the
    /// record back unread.
    func visit(_ field: CSVRecordScanner.Field, at index: Int) -> Bool

    /// Takes the `count` one-digit fields from `index` on, whose digits are at `offset`,
    /// `offset + 2`, ... (each followed by the delimiter); the same as `count` calls of
    /// `visit(_:at:)`, which is what it does unless a visitor does better.
    func visit(digitsAt offset: Int, from index: Int, count: Int) -> Bool

    /// Takes the `count` empty fields from `index` on, whose delimiters are at `offset`,
    /// `offset + 1`, ...; the same as `count` calls of `visit(_:at:)`, which is what it does
    /// unless a visitor does better.
    func visit(emptiesAt offset: Int, from index: Int, count: Int) -> Bool
}

extension CSVFieldVisitor {
    @inline(__always)
    func visit(digitsAt offset: Int, from index: Int, count: Int) -> Bool {
        for field in 0..<count {
            let start = offset &+ 2 &* field
            let range = Range(uncheckedBounds: (start, start &+ 1))
            guard visit(CSVRecordScanner.Field(range: range, hasEscapedQuotes: false, isMalformed: false), at: index &+ field)
            else { return false }
        }
        return true
    }

    @inline(__always)
    func visit(emptiesAt offset: Int, from index: Int, count: Int) -> Bool {
        for field in 0..<count {
            let range = Range(uncheckedBounds: (offset &+ field, offset &+ field))
            guard visit(CSVRecordScanner.Field(range: range, hasEscapedQuotes: false, isMalformed: false), at: index &+ field)
            else { return false }
        }
        return true
    }
}

/// Writes a record's fields into a buffer, stopping when it is full.
private struct FieldBuffer: CSVFieldVisitor {
    let fields: UnsafeMutableBufferPointer<CSVRecordScanner.Field>

    func visit(_ field: CSVRecordScanner.Field, at index: Int) -> Bool {
        guard index < fields.count else { return false }
        fields[index] = field
        return true
    }
}
