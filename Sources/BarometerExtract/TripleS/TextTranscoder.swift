import BarometerCore

/// Turns a data file's bytes into UTF-8, from the encoding its metadata names or its BOM.
///
/// A byte order mark wins over the named encoding (exporters write one and declare another).
/// Handles UTF-8, US-ASCII, UTF-16 (LE/BE), ISO-8859-1, ISO-8859-15 and Windows-1252: what
/// survey tools write. Malformed UTF-8 becomes U+FFFD rather than stopping the run.
enum TextTranscoder {
    enum Encoding: Equatable {
        case utf8, utf16LittleEndian, utf16BigEndian, latin1, latin9, windows1252
    }

    /// The encoding called `name` (case, `-` and `_` ignored), or nil if unsupported.
    static func encoding(named name: String) -> Encoding? {
        let key = String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
        switch key {
        case "utf8", "usascii", "ascii": return .utf8
        case "utf16", "utf16be", "ucs2", "unicodefffe": return .utf16BigEndian
        case "utf16le", "unicode": return .utf16LittleEndian
        case "iso88591", "latin1", "l1", "cp819", "iso885911987": return .latin1
        case "iso885915", "latin9", "l9": return .latin9
        case "windows1252", "cp1252", "winlatin1", "ansi": return .windows1252
        default: return nil
        }
    }

    /// `bytes` as UTF-8 without a BOM.
    static func utf8(_ bytes: [UInt8], encoding: Encoding) -> [UInt8] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return validUTF8(Array(bytes.dropFirst(3))) }
        if bytes.starts(with: [0xFF, 0xFE]) { return utf16(bytes.dropFirst(2), bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return utf16(bytes.dropFirst(2), bigEndian: true) }
        switch encoding {
        case .utf8: return validUTF8(bytes)
        case .utf16LittleEndian: return utf16(bytes[...], bigEndian: false)
        case .utf16BigEndian: return utf16(bytes[...], bigEndian: true)
        case .latin1: return singleByte(bytes) { UInt32($0) }
        case .latin9: return singleByte(bytes) { latin9[$0] ?? UInt32($0) }
        case .windows1252:
            return singleByte(bytes) { byte in
                (0x80...0x9F).contains(byte) ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            }
        }
    }

    private static func validUTF8(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes }
        // Decoding repairs invalid sequences (U+FFFD); valid input comes back unchanged.
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    private static func singleByte(_ bytes: [UInt8], scalar: (UInt8) -> UInt32) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                result.append(byte)
            } else {
                let value = Unicode.Scalar(scalar(byte)) ?? "\u{FFFD}"
                result.append(contentsOf: value.utf8)
            }
        }
        return result
    }

    /// Windows-1252 0x80–0x9F; the five undefined bytes map to the C1 control of the same
    /// number, as Windows itself does.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Where ISO-8859-15 differs from ISO-8859-1.
    private static let latin9: [UInt8: UInt32] = [
        0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153,
        0xBE: 0x0178,
    ]
}
