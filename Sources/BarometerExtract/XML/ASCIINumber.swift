/// Strict number syntax on UTF-8 bytes, for type inference and coded fields: no locale, no
/// thousands separators, no NaN or infinity, no surrounding spaces (trim first).
enum ASCIINumber {
    /// An optionally signed decimal integer that fits in `Int32` (and is not its minimum,
    /// the missing-value sentinel), or nil.
    static func integer(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int32? {
        var index = range.lowerBound
        var negative = false
        if index < range.upperBound, source[index] == UInt8(ascii: "-") || source[index] == UInt8(ascii: "+") {
            negative = source[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < range.upperBound else { return nil }
        var value: Int64 = 0
        while index < range.upperBound {
            let digit = source[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            guard value <= Int64(Int32.max) else { return nil }
            index += 1
        }
        return Int32(negative ? -value : value)
    }

    /// A decimal number (`12`, `-0.5`, `1.25e3`), or nil; never NaN or infinity.
    static func real(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        if let whole = integer(source, range) { return Double(whole) }
        var index = range.lowerBound
        func digits() -> Int {
            let start = index
            while index < range.upperBound, source[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            return index - start
        }
        if index < range.upperBound, source[index] == UInt8(ascii: "-") || source[index] == UInt8(ascii: "+") { index += 1 }
        var mantissa = digits()
        if index < range.upperBound, source[index] == UInt8(ascii: ".") {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if index < range.upperBound, source[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < range.upperBound, source[index] == UInt8(ascii: "-") || source[index] == UInt8(ascii: "+") { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard index == range.upperBound else { return nil }
        guard let value = Double(String(decoding: source[range], as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// `integer(_:_:)` over a whole buffer.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        let buffer = bytes.assumingMemoryBound(to: UInt8.self)
        return integer(buffer, 0..<buffer.count)
    }

    /// `real(_:_:)` over a whole buffer.
    static func real(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let buffer = bytes.assumingMemoryBound(to: UInt8.self)
        return real(buffer, 0..<buffer.count)
    }
}
