/// The Windows-1252 ("ANSI") code page that SurveyXact uses for its semicolon exports.
///
/// It is Latin-1 except for 0x80–0x9F, where Windows put typographic characters (€, –, “, …).
/// The five bytes Windows left undefined there decode to the C1 control of the same value,
/// as the WHATWG encoding standard does, so decoding never fails.
public enum Windows1252 {
    /// The scalars of bytes 0x80–0x9F; zero marks the five bytes Windows left undefined.
    private static let high: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The byte for `scalar`, or nil when the code page has no such character.
    public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if value < 0x80 || (value >= 0xA0 && value <= 0xFF) { return UInt8(value) }
        if let index = high.firstIndex(of: value), value != 0 { return UInt8(0x80 + index) }
        return nil
    }

    /// `text` as Windows-1252 bytes, or nil when some character has no byte in the code page.
    public static func encode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// The text of Windows-1252 `bytes`.
    public static func decode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(scalar(of: byte))!) }
        return String(scalars)
    }

    /// The scalar value of `byte`'s character.
    static func scalar(of byte: UInt8) -> UInt32 {
        let mapped = byte >= 0x80 && byte < 0xA0 ? high[Int(byte - 0x80)] : 0
        return mapped != 0 ? mapped : UInt32(byte)
    }
}
