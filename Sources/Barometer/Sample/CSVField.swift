/// RFC 4180 quoting for one field of a semicolon-separated file.
enum CSVField {
    /// `bytes` as a field: unchanged when they hold no separator, quote or line break,
    /// otherwise in double quotes with every inner quote doubled.
    static func escaped(_ bytes: [UInt8], separator: UInt8 = UInt8(ascii: ";")) -> [UInt8] {
        let quote = UInt8(ascii: "\"")
        let needsQuotes = bytes.contains {
            $0 == separator || $0 == quote || $0 == 0x0A || $0 == 0x0D
        }
        guard needsQuotes else { return bytes }
        var field: [UInt8] = [quote]
        field.reserveCapacity(bytes.count + 4)
        for byte in bytes {
            if byte == quote { field.append(quote) }
            field.append(byte)
        }
        field.append(quote)
        return field
    }
}
