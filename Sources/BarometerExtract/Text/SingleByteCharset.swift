/// A one-byte-per-character code page (Windows-1252, ISO-8859-1, ISO-8859-15) decoded to
/// UTF-8 by table lookup.
///
/// ASCII is the same in all of them, so a delimited file in one of them can be scanned as it
/// is: delimiters, quotes, line breaks and digits are the same bytes. Only the cells that
/// become text need decoding, which is what the CSV path does instead of decoding the whole
/// file into a second copy first.
// Sendable by contract: the table is written once, before the charset exists, and only read.
public struct SingleByteCharset: @unchecked Sendable, Equatable {
    /// The UTF-8 bytes of each byte's character, packed little-endian with the length on top.
    ///
    /// Made once per code page (each is a static instance) and never freed, so that copying a
    /// charset, as each text cell's decoding does, counts no references: with an array, the
    /// threads reading a file's stretches contended for its reference count.
    private let table: UnsafePointer<UInt32>

    private init(table entries: [UInt32]) {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 256)
        table.initialize(from: entries, count: 256)
        self.table = UnsafePointer(table)
    }

    private init(scalar: (UInt8) -> UInt32) {
        self.init(
            table: (0...255).map { byte in
                var packed: UInt32 = 0
                var length: UInt32 = 0
                UTF8.encode(Unicode.Scalar(scalar(UInt8(byte)))!) { unit in
                    packed |= UInt32(unit) << (8 * length)
                    length += 1
                }
                return packed | length << 24
            })
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

    /// Bytes passed through as they are: UTF-8 text, for `decode` to make doubled quotes single.
    static let unchanged = SingleByteCharset(table: (0...255).map { UInt32($0) | 1 << 24 })

    /// The room `decode` needs for `count` bytes: at most three bytes of UTF-8 per character,
    /// and up to eight written past the end.
    static func room(for count: Int) -> Int { 3 * count + 8 }

    /// Writes `bytes` decoded to UTF-8 at `out`, which must have `room(for: bytes.count)` bytes;
    /// returns how many make the text. With `unescapingQuotes` (the bytes are a quoted field's,
    /// whose quotes come in pairs) each doubled quote is written once.
    ///
    /// Eight bytes are copied at once up to the first that is not ASCII (or is a quote to
    /// unescape), most of any text; that byte is looked up and its UTF-8 written as one
    /// four-byte store, of which the bytes past its length are overwritten by what follows.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, unescapingQuotes: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let source = bytes.baseAddress else { return 0 }
        let count = bytes.count
        let target = UnsafeMutableRawPointer(out)
        var read = 0
        var written = 0
        while read < count {
            if read &+ 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(source + read).loadUnaligned(as: UInt64.self))
                var stops = word
                if unescapingQuotes {
                    // Sets the high bit of every quote byte (and maybe of bytes after one).
                    let quotes = word ^ 0x2222_2222_2222_2222
                    stops |= (quotes &- 0x0101_0101_0101_0101) & ~quotes
                }
                let marks = stops & 0x8080_8080_8080_8080
                target.storeBytes(of: word.littleEndian, toByteOffset: written, as: UInt64.self)
                // The bytes before the first marked one are ASCII, already in place.
                let plain = marks == 0 ? 8 : marks.trailingZeroBitCount >> 3
                read &+= plain
                written &+= plain
                if plain == 8 { continue }
            }
            let byte = source[read]
            let packed = table[Int(byte)]
            target.storeBytes(of: packed.littleEndian, toByteOffset: written, as: UInt32.self)
            written &+= Int(packed >> 24)
            read &+= unescapingQuotes && byte == UInt8(ascii: "\"") ? 2 : 1
        }
        return written
    }

    /// Appends `bytes` decoded to UTF-8 to `out`.
    func appendUTF8(_ bytes: UnsafeBufferPointer<UInt8>, unescapingQuotes: Bool = false, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.room(for: bytes.count)) { room in
            let count = decode(bytes, unescapingQuotes: unescapingQuotes, to: room.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: room[..<count]))
        }
    }

    /// `bytes` decoded to UTF-8.
    func utf8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        // In blocks, so that the room decoding needs stays small for a whole file.
        let block = 1 << 16
        for start in stride(from: 0, to: bytes.count, by: block) {
            appendUTF8(UnsafeBufferPointer(rebasing: bytes[start..<min(bytes.count, start + block)]), to: &out)
        }
        return out
    }
}
