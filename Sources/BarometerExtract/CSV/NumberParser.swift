import Foundation

/// Parses numbers from field bytes without making strings: integers the way survey codes are
/// written, decimals with a point or (when allowed) a comma.
///
/// By default only canonical forms count as numbers, so "007" or "+3" stay text (an id, a
/// postcode). Surrounding spaces are allowed. Decimals are correctly rounded: Clinger's fast
/// path when the digits fit in 15 and the exponent in 22, `strtod` otherwise.
struct NumberParser {
    /// Which spellings of a number count.
    enum Form {
        /// Canonical spellings only, for columns whose type is inferred from their cells.
        case canonical
        /// Also a plus sign, leading zeros and a bare decimal point (`+3`, `007`, `.5`, `5.`),
        /// for fields declared numeric in a layout that pads them (fixed-width Triple-S,
        /// SpreadsheetML `Number` cells).
        case padded
    }

    var acceptsComma: Bool
    var form: Form = .canonical

    enum Value: Equatable {
        case integer(Int32)
        case real(Double)
    }

    private static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    func parse(_ field: UnsafeBufferPointer<UInt8>) -> Value? {
        var start = 0
        var end = field.count
        while start < end, field[start] == 32 { start += 1 }
        while end > start, field[end - 1] == 32 { end -= 1 }
        guard start < end else { return nil }
        var index = start
        let negative = field[index] == UInt8(ascii: "-")
        let padded = form == .padded
        if negative || (padded && field[index] == UInt8(ascii: "+")) { index += 1 }
        if padded {
            // Drop padding zeros so what follows is canonical ("007" reads as "7").
            while index + 1 < end, field[index] == 48, field[index + 1] &- 48 < 10 { index += 1 }
        }
        let integerStart = index
        var mantissa: UInt64 = 0
        var digits = 0
        while index < end, field[index] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(field[index] &- 48) }
            digits += 1
            index += 1
        }
        let integerDigits = index - integerStart
        guard integerDigits > 0 || (padded && index < end && field[index] == UInt8(ascii: ".")) else { return nil }
        // A leading zero is only canonical as "0" or "0.x".
        if integerDigits > 1, field[integerStart] == 48 { return nil }
        if index == end {
            guard integerDigits <= 10 else { return realSlow(field, start, end) }
            let value = negative ? -Int64(mantissa) : Int64(mantissa)
            guard value > Int64(Int32.min), value <= Int64(Int32.max) else { return .real(Double(value)) }
            return .integer(Int32(value))
        }
        var fractionDigits = 0
        let mark = field[index]
        if mark == UInt8(ascii: ".") || (acceptsComma && mark == UInt8(ascii: ",")) {
            index += 1
            while index < end, field[index] &- 48 < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(field[index] &- 48) }
                digits += 1
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 || (padded && integerDigits > 0) else { return nil }
        }
        if index < end {
            guard field[index] | 0x20 == UInt8(ascii: "e") else { return nil }
            var exponentIndex = index + 1
            if exponentIndex < end, field[exponentIndex] == UInt8(ascii: "-") || field[exponentIndex] == UInt8(ascii: "+") {
                exponentIndex += 1
            }
            guard exponentIndex < end else { return nil }
            for position in exponentIndex..<end where field[position] &- 48 >= 10 { return nil }
            return realSlow(field, start, end)
        }
        guard digits <= 15, fractionDigits <= 22 else { return realSlow(field, start, end) }
        let value = Double(mantissa) / Self.powers[fractionDigits]
        return .real(negative ? -value : value)
    }

    /// The value of a decimal written plainly: digits, a point (or a comma, when accepted) and
    /// at least one more digit; fifteen digits at most, without a sign, spaces, an exponent or
    /// a leading zero. `parse(_:)` gives the same value for it by the same fast path; this is
    /// that path alone, for the decimal columns of an export.
    @inline(__always)
    func plainDecimal(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = field.count
        var mantissa: UInt64 = 0
        var index = 0
        while index < count, field[index] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(field[index] &- 48)
            index &+= 1
        }
        let integerDigits = index
        guard integerDigits > 0, integerDigits == 1 || field[0] != 48, index < count,
            field[index] == UInt8(ascii: ".") || (acceptsComma && field[index] == UInt8(ascii: ","))
        else { return nil }
        index &+= 1
        while index < count, field[index] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(field[index] &- 48)
            index &+= 1
        }
        let fractionDigits = index &- integerDigits &- 1
        guard index == count, fractionDigits > 0, integerDigits &+ fractionDigits <= 15 else { return nil }
        return Double(mantissa) / Self.powers[fractionDigits]
    }

    /// Correct rounding for the rare long or exponent forms, via the C library.
    private func realSlow(_ field: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Value? {
        var text = [CChar](repeating: 0, count: end - start + 1)
        for index in start..<end {
            let byte = field[index]
            text[index - start] = CChar(bitPattern: byte == UInt8(ascii: ",") ? UInt8(ascii: ".") : byte)
        }
        return text.withUnsafeBufferPointer { buffer -> Value? in
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &stop)
            guard let stop, stop - UnsafeMutablePointer(mutating: buffer.baseAddress!) == end - start, value.isFinite else {
                return nil
            }
            return .real(value)
        }
    }
}
