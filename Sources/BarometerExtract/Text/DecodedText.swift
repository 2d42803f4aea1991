import BarometerCore
import Foundation

/// A file's text as UTF-8 bytes, whatever encoding it was written in, without a byte-order mark
/// (or, when asked, still in its single-byte code page).
///
/// Exports are decoded once, up front, so every later step (the record scanner, number parsing)
/// works on UTF-8 bytes only. UTF-8 input is used as it is, without a copy beyond the read.
public struct DecodedText: Sendable {
    /// How much a decode forgives.
    enum Policy {
        /// A byte-order mark counts only when it agrees with the requested encoding; a byte the
        /// encoding cannot decode is a `.badData` error at its line and column. For exports a
        /// dialect describes.
        case strict
        /// Any byte-order mark wins over the requested encoding (exporters write one and declare
        /// another); undecodable bytes become U+FFFD. For data files whose encoding metadata
        /// names, where one bad byte should not stop the run.
        case lenient
    }

    public let bytes: [UInt8]
    /// The encoding the file turned out to be in.
    public let encoding: TextEncoding
    /// Set when `bytes` were left in this single-byte code page, as asked (`keepsSingleByte`):
    /// the caller decodes only the text it needs.
    public private(set) var pendingCharset: SingleByteCharset?

    /// Reads `path` and decodes it; a missing file is `.missingInput`. With `keepsSingleByte`,
    /// text in a single-byte code page is left as it is (see `pendingCharset`).
    public init(path: String, encoding: TextEncoding, keepsSingleByte: Bool = false) throws {
        try self.init(
            bytes: Self.readBytes(path: path), encoding: encoding, sourceName: path, policy: .strict,
            keepsSingleByte: keepsSingleByte)
    }

    /// The bytes of `path`, not decoded (an XML parser decodes its own); a missing file is
    /// `.missingInput`.
    static func readBytes(path: String) throws -> [UInt8] {
        guard let bytes = FileBytes.read(path: path) else {
            throw BarometerError(.missingInput, "file not found or not readable", at: SourceLocation(file: path))
        }
        return bytes
    }

    public init(bytes raw: [UInt8], encoding requested: TextEncoding, sourceName: String, keepsSingleByte: Bool = false) throws {
        try self.init(bytes: raw, encoding: requested, sourceName: sourceName, policy: .strict, keepsSingleByte: keepsSingleByte)
    }

    init(
        bytes raw: [UInt8], encoding requested: TextEncoding, sourceName: String, policy: Policy, keepsSingleByte: Bool = false
    ) throws {
        let (encoding, start) = Self.resolve(raw[...], requested: requested, policy: policy) { Self.isValidUTF8(raw[...]) }
        switch encoding {
        case .utf8, .auto:
            let body = raw[start...]
            if let offset = Self.firstInvalidUTF8(body) {
                guard policy == .lenient else {
                    throw BarometerError(
                        .badData, "invalid UTF-8 byte 0x\(String(raw[offset], radix: 16, uppercase: true)); declare the file's encoding (e.g. windows-1252) in the dialect",
                        at: Self.location(of: offset, in: raw, from: start, file: sourceName))
                }
                bytes = Array(String(decoding: body, as: UTF8.self).utf8)
            } else {
                bytes = start == 0 ? raw : Array(body)
            }
            self.encoding = .utf8
        case .windows1252, .latin1, .latin9:
            let charset = SingleByteCharset(encoding)!
            if keepsSingleByte {
                bytes = start == 0 ? raw : Array(raw[start...])
                pendingCharset = charset
            } else {
                bytes = raw.withUnsafeBufferPointer { charset.utf8(UnsafeBufferPointer(rebasing: $0[start...])) }
            }
            self.encoding = encoding
        case .utf16LittleEndian, .utf16BigEndian, .utf16:
            bytes = try Self.decodeUTF16(
                raw[start...], bigEndian: encoding == .utf16BigEndian, policy: policy, sourceName: sourceName)
            self.encoding = encoding
        }
    }

    /// The encoding `raw` is read in and where its text starts, past a byte-order mark: under
    /// `.strict` a mark counts only when it agrees with `requested`, under `.lenient` any mark
    /// wins. `isValidUTF8` (of the whole text) is asked only when `requested` is `.auto` and
    /// there is no mark.
    private static func resolve<Bytes: Collection<UInt8>>(
        _ raw: Bytes, requested: TextEncoding, policy: Policy, isValidUTF8: () -> Bool
    ) -> (encoding: TextEncoding, start: Int) {
        let anyMark = policy == .lenient
        if raw.starts(with: [0xEF, 0xBB, 0xBF]), anyMark || requested == .auto || requested == .utf8 { return (.utf8, 3) }
        if raw.starts(with: [0xFF, 0xFE]), anyMark || [.auto, .utf16, .utf16LittleEndian].contains(requested) {
            return (.utf16LittleEndian, 2)
        }
        if raw.starts(with: [0xFE, 0xFF]), anyMark || [.auto, .utf16, .utf16BigEndian].contains(requested) {
            return (.utf16BigEndian, 2)
        }
        switch requested {
        case .utf16: return (.utf16LittleEndian, 0)
        case .auto: return (isValidUTF8() ? .utf8 : .windows1252, 0)
        default: return (requested, 0)
        }
    }

    /// How the text of `raw` reads in place, when it needs no decoding up front: where it
    /// starts (past a byte-order mark) and the code page its text cells are in (nil for
    /// UTF-8); nil when it must be decoded first (UTF-16, or UTF-8 with an invalid byte, which
    /// `init` reports). The strict policy, text in a single-byte code page kept as it is.
    ///
    /// A check of the whole text goes window by window, each window `release`d once checked,
    /// so that a mapped file is not held whole for it.
    static func inPlace(
        _ raw: UnsafeBufferPointer<UInt8>, encoding requested: TextEncoding, release: (Range<Int>) -> Void
    ) -> (start: Int, charset: SingleByteCharset?)? {
        var checked: Bool?
        let (encoding, start) = resolve(raw, requested: requested, policy: .strict) {
            checked = isValidUTF8(raw, from: 0, release: release)
            return checked!
        }
        if let charset = SingleByteCharset(encoding) { return (start, charset) }
        guard encoding == .utf8 else { return nil }
        return checked ?? isValidUTF8(raw, from: start, release: release) ? (start, nil) : nil
    }

    /// Whether `raw` from `start` is valid UTF-8, checked in windows that end before an ASCII
    /// byte (never inside a character), each `release`d once checked.
    private static func isValidUTF8(_ raw: UnsafeBufferPointer<UInt8>, from start: Int, release: (Range<Int>) -> Void) -> Bool {
        let window = 8 << 20
        var low = start
        while low < raw.count {
            var high = min(raw.count, low + window)
            while high < raw.count, raw[high] >= 0x80 { high += 1 }
            let valid = isValidUTF8(UnsafeBufferPointer(rebasing: raw[low..<high]))
            release(low..<high)
            guard valid else { return false }
            low = high
        }
        return true
    }

    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer(isValidUTF8)
    }

    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Plain ASCII is the common case and needs no decoding pass.
        if !bytes.contains(where: { $0 >= 0x80 }) { return true }
        return firstInvalidUTF8(bytes) == nil
    }

    /// The offset of the first byte that is not part of valid UTF-8, if any.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0).map { bytes.startIndex + $0 } }
    }

    /// The index in `bytes` of the first byte that is not part of valid UTF-8, if any.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let end = bytes.count
        while index < end {
            // Exports are mostly ASCII: eight bytes at a time while none has its high bit set.
            if index + 8 <= end {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            switch lead {
            case 0xC2...0xDF: (length, minimum) = (2, 0x80)
            case 0xE0...0xEF: (length, minimum) = (3, 0x800)
            case 0xF0...0xF4: (length, minimum) = (4, 0x10000)
            default: return index
            }
            guard index + length <= end else { return index }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return index }
            index += length
        }
        return nil
    }

    private static func decodeUTF16(
        _ raw: ArraySlice<UInt8>, bigEndian: Bool, policy: Policy, sourceName: String
    ) throws -> [UInt8] {
        guard raw.count % 2 == 0 || policy == .lenient else {
            throw BarometerError(.badData, "UTF-16 text has an odd number of bytes", at: SourceLocation(file: sourceName))
        }
        var units: [UInt16] = []
        units.reserveCapacity(raw.count / 2)
        var index = raw.startIndex
        while index + 1 < raw.endIndex {
            let first = UInt16(raw[index])
            let second = UInt16(raw[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var out: [UInt8] = []
        out.reserveCapacity(units.count)
        var line = 1
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1 }
                UTF8.encode(scalar) { out.append($0) }
            case .emptyInput: break loop
            case .error:
                guard policy == .lenient else {
                    throw BarometerError(.badData, "invalid UTF-16 (an unpaired surrogate)", at: SourceLocation(file: sourceName, line: line))
                }
                UTF8.encode("\u{FFFD}") { out.append($0) }
            }
        }
        // A lone last byte is half a character.
        if raw.count % 2 == 1 { UTF8.encode("\u{FFFD}") { out.append($0) } }
        return out
    }

    /// Line and byte column of `offset`, for messages about undecodable bytes.
    private static func location(of offset: Int, in bytes: [UInt8], from start: Int, file: String) -> SourceLocation {
        var line = 1
        var lineStart = start
        for index in start..<offset where bytes[index] == 10 {
            line += 1
            lineStart = index + 1
        }
        return SourceLocation(file: file, line: line, column: offset - lineStart + 1)
    }
}
