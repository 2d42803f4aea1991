#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The values of recently parsed long decimals, by their bytes.
///
/// A decimal with more than 15 digits (a weight written in its shortest round-trip form, as
/// stage artifacts hold them) needs `strtod` to be rounded correctly, which costs as much as
/// the rest of its row. Such columns repeat a few hundred distinct values over millions of
/// rows, so each is parsed once and then found again here.
struct RecentDecimals: ~Copyable {
    /// Fields at least this long go through the cache; shorter ones parse fast anyway.
    static let minimumLength = 16
    private static let slots = 4096
    private static let width = 32

    private let keys: UnsafeMutablePointer<UInt8>
    /// Each slot's key length; 0 for an empty slot.
    private let lengths: UnsafeMutablePointer<UInt8>
    private let values: UnsafeMutablePointer<Double>

    init() {
        keys = .allocate(capacity: Self.slots * Self.width)
        lengths = .allocate(capacity: Self.slots)
        lengths.initialize(repeating: 0, count: Self.slots)
        values = .allocate(capacity: Self.slots)
    }

    deinit {
        keys.deallocate()
        lengths.deallocate()
        values.deallocate()
    }

    /// The number `bytes` spell, from the cache or from `parser`.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, with parser: NumberParser) -> NumberParser.Value? {
        guard bytes.count >= Self.minimumLength, bytes.count <= Self.width, let base = bytes.baseAddress else {
            return parser.parse(bytes)
        }
        let slot = Self.slot(of: bytes)
        let key = keys + slot * Self.width
        if Int(lengths[slot]) == bytes.count, memcmp(key, base, bytes.count) == 0 { return .real(values[slot]) }
        let value = parser.parse(bytes)
        if case .real(let real) = value {
            key.update(from: base, count: bytes.count)
            lengths[slot] = UInt8(bytes.count)
            values[slot] = real
        }
        return value
    }

    /// A slot from the first and last eight bytes and the length.
    private static func slot(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let head = raw.loadUnaligned(as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        let hash = (head &* 0x9E37_79B9_7F4A_7C15 ^ tail &+ UInt64(bytes.count)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: hash >> 52)
    }
}
