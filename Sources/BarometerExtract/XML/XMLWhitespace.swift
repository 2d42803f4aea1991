/// XML's notion of whitespace (space, tab, CR, LF) for trimming and normalising text that
/// came out of a document.
enum XMLWhitespace {
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `text` without leading and trailing whitespace.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
            let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// `text` trimmed, with every run of whitespace inside it turned into one space: how a
    /// label spread over several indented lines is meant to read.
    static func collapsed(_ text: String) -> String {
        var result: [UInt8] = []
        var pendingSpace = false
        for byte in text.utf8 {
            if isSpace(byte) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Trims whitespace off `buffer[start...]` in place, without building a String.
    static func trim(_ buffer: inout [UInt8], from start: Int) {
        var end = buffer.count
        while end > start, isSpace(buffer[end - 1]) { end -= 1 }
        var first = start
        while first < end, isSpace(buffer[first]) { first += 1 }
        buffer.removeSubrange(end...)
        if first > start { buffer.removeSubrange(start..<first) }
    }
}
