import BarometerCore

/// The Triple-S CSV reader: splits the records of a `<record format="csv">` data file into
/// fields, honouring double quotes (a quoted field may hold commas, line breaks and doubled
/// quotes `""`).
///
/// Internal and deliberately small: it is to be unified with the project's CSV scanner when
/// the branches merge. Works on UTF-8 bytes; reuses one buffer for the current record's
/// unquoted fields, so reading allocates nothing per record. Empty lines are skipped.
struct TripleSCSVScanner {
    private let bytes: [UInt8]
    private let path: String
    private var position = 0
    private var nextLine = 1

    /// The current record's fields, unquoted, back to back.
    private(set) var fieldBytes: [UInt8] = []
    /// `fieldEnds[i]` is one past the last byte of field `i` in `fieldBytes`.
    private(set) var fieldEnds: [Int] = []
    /// The 1-based line on which the current record starts.
    private(set) var recordLine = 0
    /// The current record as it stands in the file, without its line ending.
    private(set) var rawRange: Range<Int> = 0..<0

    init(utf8 bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    var fieldCount: Int { fieldEnds.count }

    /// The byte range of field `index` (0-based) in `fieldBytes`.
    func fieldRange(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
    }

    /// The current record's text, as written.
    var raw: String { String(decoding: bytes[rawRange], as: UTF8.self) }

    /// Moves to the next record; false at the end of the file.
    ///
    /// - Throws: `.badData` for a quoted field that never closes.
    mutating func nextRecord() throws -> Bool {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        // Skip empty lines.
        while position < bytes.count, bytes[position] == lf || bytes[position] == cr {
            if bytes[position] == cr, position + 1 < bytes.count, bytes[position + 1] == lf { position += 1 }
            position += 1
            nextLine += 1
        }
        guard position < bytes.count else { return false }
        fieldBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        recordLine = nextLine
        let recordStart = position
        var fieldStart = true
        var inQuotes = false
        var quoteLine = 0
        var fieldNumber = 1
        while position < bytes.count {
            let byte = bytes[position]
            if inQuotes {
                if byte == quote {
                    if position + 1 < bytes.count, bytes[position + 1] == quote {
                        fieldBytes.append(quote)
                        position += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if byte == lf || (byte == cr && !(position + 1 < bytes.count && bytes[position + 1] == lf)) {
                        nextLine += 1
                    }
                    fieldBytes.append(byte)
                }
                position += 1
                continue
            }
            if byte == comma {
                fieldEnds.append(fieldBytes.count)
                fieldNumber += 1
                fieldStart = true
                position += 1
                continue
            }
            if byte == lf || byte == cr { break }
            if byte == quote, fieldStart {
                inQuotes = true
                quoteLine = nextLine
            } else {
                // A quote inside an unquoted field, or text after a closing quote, is kept.
                fieldBytes.append(byte)
            }
            fieldStart = false
            position += 1
        }
        if inQuotes {
            throw BarometerError(
                .badData, "field \(fieldNumber) opens a quote that never closes",
                at: SourceLocation(file: path, line: quoteLine, column: fieldNumber))
        }
        fieldEnds.append(fieldBytes.count)
        rawRange = recordStart..<position
        if position < bytes.count {
            if bytes[position] == cr, position + 1 < bytes.count, bytes[position + 1] == lf { position += 1 }
            position += 1
            nextLine += 1
        }
        return true
    }
}
