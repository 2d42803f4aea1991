/// Splits UTF-8 delimited text into records and fields without copying or allocating per field.
///
/// RFC 4180 plus what exports really contain: quoted fields with embedded delimiters, doubled
/// quotes and line breaks; CRLF, LF or a mix; a last line without a line break. Fields come
/// back as byte ranges into the text; only a quoted field with doubled quotes needs `value(of:)`
/// to unescape it. Blank lines are skipped. Line numbers count every line break, including
/// those inside quoted fields, so messages point at the right line.
public struct CSVRecordScanner {
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

    private let base: UnsafePointer<UInt8>
    private let count: Int
    public let delimiter: UInt8
    private var position: Int
    private var line: Int

    /// Scans `text`, which must stay alive and unchanged while the scanner is used.
    public init(text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, line: Int = 1) {
        self.base = text.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.count = text.count
        self.delimiter = delimiter
        self.position = 0
        self.line = line
    }

    /// Reads the next record's fields into `fields` (cleared first); nil at the end of the text.
    public mutating func next(into fields: inout [Field]) -> Record? {
        fields.removeAll(keepingCapacity: true)
        // Skip blank lines: they are not rows.
        while position < count, base[position] == 10 || base[position] == 13 {
            if base[position] == 10 { line += 1 }
            position += 1
        }
        guard position < count else { return nil }
        let start = position
        let startLine = line
        let quote = UInt8(ascii: "\"")
        var unterminated = false
        while true {
            if position < count, base[position] == quote {
                position += 1
                let fieldStart = position
                var escaped = false
                var closed = false
                while position < count {
                    let byte = base[position]
                    if byte == quote {
                        if position + 1 < count, base[position + 1] == quote {
                            escaped = true
                            position += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == 10 { line += 1 }
                    position += 1
                }
                var field = Field(range: fieldStart..<position, hasEscapedQuotes: escaped, isMalformed: false)
                if !closed {
                    unterminated = true
                    fields.append(field)
                    break
                }
                position += 1
                if position < count, base[position] != delimiter, base[position] != 10, base[position] != 13 {
                    field.isMalformed = true
                    while position < count, base[position] != delimiter, base[position] != 10, base[position] != 13 { position += 1 }
                }
                fields.append(field)
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
        let end = position
        if position < count, base[position] == 13 { position += 1 }
        if position < count, base[position] == 10 {
            position += 1
            line += 1
        }
        return Record(range: start..<end, line: startLine, isUnterminated: unterminated)
    }

    /// The field's text with doubled quotes made single.
    public func value(of field: Field) -> String {
        let bytes = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(start: base, count: count)[field.range])
        guard field.hasEscapedQuotes else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var skip = false
        for byte in bytes {
            if skip {
                skip = false
                continue
            }
            out.append(byte)
            if byte == UInt8(ascii: "\"") { skip = true }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The field's bytes, for callers that parse numbers without making a string.
    public func bytes(of field: Field) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + field.range.lowerBound, count: field.range.count)
    }

    /// The record's text as it stood in the file.
    public func text(of record: Record) -> String {
        String(decoding: UnsafeBufferPointer(start: base + record.range.lowerBound, count: record.range.count), as: UTF8.self)
    }

    /// Continues scanning at `offset` (a record start recorded earlier) on `line`.
    public mutating func seek(to offset: Int, line: Int) {
        position = offset
        self.line = line
    }
}
