/// A one-byte-per-character code page (Windows-1252, ISO-8859-1, ISO-8859-15) decoded to
/// UTF-8 by table lookup.
///
/// ASCII is the same in all of them, so a delimited file in one of them can be scanned as it
/// is: delimiters, quotes, line breaks and digits are the same bytes. Only the cells that
/// become text need decoding, which is what the CSV path does instead of decoding the whole
/// file into a second copy first.
public struct SingleByteCharset: Sendable, Equatable {
    /// The UTF-8 bytes of each byte's character, packed little-endian with the length on top.
    private let table: [UInt32]

    private init(scalar: (UInt8) -> UInt32) {
        table = (0...255).map { byte in
            var packed: UInt32 = 0
            var length: UInt32 = 0
            UTF8.encode(Unicode.Scalar(scalar(UInt8(byte)))!) { unit in
                packed |= UInt32(unit) << (8 * length)
                length += 1
            }
            return packed | length << 24
        }
    }

    /// The charset of `encoding`, or nil when it is not a single-byte code page.
    init?(_ encoding: TextEncoding) {
        switch encoding {
        case .windows1252: self = .windows1252
        case .latin1: self = .latin1
        case .latin9: self = .latin9
        default: return nil
        }
    }

    public static let windows1252 = SingleByteCharset(scalar: Windows1252.scalar(of:))
    public static let latin1 = SingleByteCharset(scalar: UInt32.init)
    public static let latin9 = SingleByteCharset { byte in
        switch byte {
        case 0xA4: 0x20AC
        case 0xA6: 0x0160
        case 0xA8: 0x0161
        case 0xB4: 0x017D
        case 0xB8: 0x017E
        case 0xBC: 0x0152
        case 0xBD: 0x0153
        case 0xBE: 0x0178
        default: UInt32(byte)
        }
    }

    /// Appends `bytes` decoded to UTF-8 to `out`.
    func appendUTF8<C: Collection>(_ bytes: C, to out: inout [UInt8]) where C.Element == UInt8 {
        table.withUnsafeBufferPointer { table in
            // Runs of ASCII, most of any text, are the same bytes in UTF-8: each is copied in one go.
            var run = bytes.startIndex
            var index = run
            while index != bytes.endIndex {
                let byte = bytes[index]
                guard byte >= 0x80 else {
                    bytes.formIndex(after: &index)
                    continue
                }
                out.append(contentsOf: bytes[run..<index])
                let packed = table[Int(byte)]
                for unit in 0..<Int(packed >> 24) { out.append(UInt8(truncatingIfNeeded: packed >> (8 * UInt32(unit)))) }
                bytes.formIndex(after: &index)
                run = index
            }
            out.append(contentsOf: bytes[run...])
        }
    }

    /// `bytes` decoded to UTF-8.
    func utf8<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        appendUTF8(bytes, to: &out)
        return out
    }
}
