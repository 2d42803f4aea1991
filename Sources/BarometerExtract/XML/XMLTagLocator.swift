/// Finds the 1-based character column of each start tag in a document's raw bytes, so
/// messages about an element can point at its `<` (libxml2 keeps only lines for elements).
///
/// Feed it the start tags in document order, as a reader meets them: it scans forward from
/// the previous tag, skipping comments, CDATA sections, processing instructions and the
/// document type declaration, and never rescans. Works on UTF-8, single-byte encodings and
/// UTF-16 (either byte order); a column counts characters, like an editor's.
struct XMLTagLocator {
    private let bytes: [UInt8]
    /// 1 for UTF-8 and single-byte encodings, 2 for UTF-16.
    private let unitSize: Int
    private let bigEndian: Bool
    /// Counts characters rather than bytes: UTF-8 continuation bytes and low surrogates are
    /// not characters of their own.
    private let countsUTF8: Bool
    private var cursor: Int
    private var line = 1
    private var lineStart: Int

    /// - Parameters:
    ///   - bytes: the document as stored.
    ///   - declaredEncoding: the XML declaration's encoding; single-byte encodings count
    ///     every byte as a character.
    init(bytes: [UInt8], declaredEncoding: String?) {
        self.bytes = bytes
        var start = 0
        var unitSize = 1
        var bigEndian = false
        if bytes.starts(with: [0xFF, 0xFE]) {
            (unitSize, start) = (2, 2)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            (unitSize, start, bigEndian) = (2, 2, true)
        } else if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            unitSize = 2
        } else if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) {
            (unitSize, bigEndian) = (2, true)
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            start = 3
        }
        self.unitSize = unitSize
        self.bigEndian = bigEndian
        let encoding = (declaredEncoding ?? "utf-8").lowercased()
        self.countsUTF8 = unitSize == 1 && (encoding == "utf-8" || encoding == "utf8")
        self.cursor = start
        self.lineStart = start
    }

    /// The column of the next start tag named `qualifiedName` on or before `line`, or nil
    /// when it cannot be found there (the locator then stays where it was).
    mutating func column(ofStartTag qualifiedName: String, line targetLine: Int) -> Int? {
        // Names are compared in the document's own code units; a non-ASCII name in a
        // single-byte encoding simply fails to match, which only costs the column.
        let name = unitSize == 2 ? qualifiedName.utf16.map { UInt32($0) } : qualifiedName.utf8.map { UInt32($0) }
        var position = cursor
        var currentLine = line
        var currentLineStart = lineStart
        while position < endIndex {
            let unit = self.unit(at: position)
            if isLineBreak(at: position) {
                currentLine += 1
                currentLineStart = position + unitSize
                if currentLine > targetLine { return nil }
                position += unitSize
                continue
            }
            guard unit == 0x3C else {  // "<"
                position += unitSize
                continue
            }
            if let end = endOfSkippedMarkup(at: position) {
                // Newlines inside skipped markup still count.
                var p = position
                while p < end {
                    if isLineBreak(at: p) {
                        currentLine += 1
                        currentLineStart = p + unitSize
                    }
                    p += unitSize
                }
                if currentLine > targetLine { return nil }
                position = end
                continue
            }
            if matches(name, at: position + unitSize) {
                let column = characters(from: currentLineStart, to: position) + 1
                cursor = position + unitSize
                line = currentLine
                lineStart = currentLineStart
                return column
            }
            position += unitSize
        }
        return nil
    }

    private var endIndex: Int { bytes.count - (bytes.count % unitSize) }

    /// Whether the unit at `index` ends a line: an LF, or a CR without an LF after it.
    private func isLineBreak(at index: Int) -> Bool {
        let unit = self.unit(at: index)
        return unit == 0x0A || (unit == 0x0D && (index + unitSize >= endIndex || self.unit(at: index + unitSize) != 0x0A))
    }

    private func unit(at index: Int) -> UInt32 {
        if unitSize == 1 { return UInt32(bytes[index]) }
        let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
        return UInt32(high) << 8 | UInt32(low)
    }

    /// Whether the units at `index` spell `name` followed by the end of a tag name.
    private func matches(_ name: [UInt32], at index: Int) -> Bool {
        var position = index
        for codeUnit in name {
            guard position < endIndex, unit(at: position) == codeUnit else { return false }
            position += unitSize
        }
        guard position < endIndex else { return true }
        let next = unit(at: position)
        return next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D || next == 0x3E || next == 0x2F
    }

    /// For `<!--`, `<![CDATA[`, `<?`, `<!DOCTYPE` and end tags, the index just past them.
    private func endOfSkippedMarkup(at index: Int) -> Int? {
        func starts(_ text: String, at index: Int) -> Bool {
            var position = index
            for scalar in text.unicodeScalars {
                guard position < endIndex, unit(at: position) == scalar.value else { return false }
                position += unitSize
            }
            return true
        }
        func end(after terminator: String, from index: Int) -> Int {
            var position = index
            while position < endIndex {
                if starts(terminator, at: position) { return position + terminator.unicodeScalars.count * unitSize }
                position += unitSize
            }
            return endIndex
        }
        if starts("<!--", at: index) { return end(after: "-->", from: index + 4 * unitSize) }
        if starts("<![CDATA[", at: index) { return end(after: "]]>", from: index + 9 * unitSize) }
        if starts("<?", at: index) { return end(after: "?>", from: index + 2 * unitSize) }
        if starts("</", at: index) { return end(after: ">", from: index + 2 * unitSize) }
        if starts("<!", at: index) {
            // A declaration; the DOCTYPE's internal subset nests more of them in [ ].
            var position = index + 2 * unitSize
            var brackets = 0
            var quote: UInt32? = nil
            while position < endIndex {
                let unit = self.unit(at: position)
                if let open = quote {
                    if unit == open { quote = nil }
                } else if unit == 0x22 || unit == 0x27 {
                    quote = unit
                } else if unit == 0x5B {
                    brackets += 1
                } else if unit == 0x5D {
                    brackets -= 1
                } else if unit == 0x3E && brackets <= 0 {
                    return position + unitSize
                }
                position += unitSize
            }
            return endIndex
        }
        return nil
    }

    private func characters(from start: Int, to end: Int) -> Int {
        if unitSize == 2 {
            var count = 0
            var position = start
            while position < end {
                let unit = self.unit(at: position)
                if !(0xDC00...0xDFFF).contains(unit) { count += 1 }
                position += 2
            }
            return count
        }
        guard countsUTF8 else { return end - start }
        var count = 0
        for index in start..<end where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
