/// A respondent id as a hashable key, without making a string for the common numeric ids.
///
/// Surrounding spaces are ignored; ids that are canonical integers compare as numbers, any
/// other id by its bytes.
struct IdentifierKey: Hashable, CustomStringConvertible {
    private enum Storage: Hashable {
        case number(Int64)
        case bytes([UInt8])
    }

    private let storage: Storage

    init(_ field: UnsafeBufferPointer<UInt8>) {
        var start = 0
        var end = field.count
        while start < end, field[start] == 32 { start += 1 }
        while end > start, field[end - 1] == 32 { end -= 1 }
        var value: Int64 = 0
        let digits = end - start
        if digits > 0, digits <= 18, field[start] != 48 || digits == 1,
            (start..<end).allSatisfy({ field[$0] &- 48 < 10 })
        {
            for index in start..<end { value = value * 10 + Int64(field[index] - 48) }
            storage = .number(value)
        } else {
            storage = .bytes(Array(field[start..<end]))
        }
    }

    /// The key of a number already parsed (nil: a missing id).
    init(number: Int64?) {
        storage = number.map(Storage.number) ?? .bytes([])
    }

    /// The key of an id's UTF-8 bytes.
    init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { IdentifierKey($0) }
    }

    var isEmpty: Bool { storage == .bytes([]) }

    /// The id as a number, when it is a canonical non-negative integer.
    var number: Int64? {
        if case .number(let value) = storage { value } else { nil }
    }

    var description: String {
        switch storage {
        case .number(let value): String(value)
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }
}
