/// The distinct codes of a coded variable, in numeric order, with each code's level number:
/// grouping a million rows by a code without hashing each row.
///
/// Survey codes are small integers, so the lookup is a table over the codes' range; codes that
/// span more than `denseRange` fall back to a binary search.
public struct CodeLevels: Sendable {
    /// The distinct codes, ascending.
    public let codes: [Int32]
    private let minimum: Int32
    /// `dense[code − minimum]` is the code's level, or −1; empty when the range is too wide.
    private let dense: [Int32]

    static let denseRange = 1 << 16

    /// The levels of `codes` (missing values included, if any, as `Column.missingCode`).
    public init<Codes: Collection<Int32>>(_ codes: Codes) {
        var minimum = Int32.max
        var maximum = Int32.min
        for code in codes {
            minimum = min(minimum, code)
            maximum = max(maximum, code)
        }
        guard !codes.isEmpty else {
            (self.codes, self.minimum, dense) = ([], 0, [])
            return
        }
        self.minimum = minimum
        if Int(maximum) - Int(minimum) < Self.denseRange {
            var dense = [Int32](repeating: -1, count: Int(maximum) - Int(minimum) + 1)
            dense.withUnsafeMutableBufferPointer { dense in
                for code in codes { dense[Int(code &- minimum)] = 0 }
            }
            var found: [Int32] = []
            for offset in dense.indices where dense[offset] == 0 {
                dense[offset] = Int32(found.count)
                found.append(minimum + Int32(offset))
            }
            (self.codes, self.dense) = (found, dense)
        } else {
            (self.codes, dense) = (Set(codes).sorted(), [])
        }
    }

    /// The number of distinct codes.
    public var count: Int { codes.count }

    /// The level of `code`, which must be one of `codes`.
    @inline(__always)
    public func level(of code: Int32) -> Int {
        if !dense.isEmpty { return Int(dense[Int(code &- minimum)]) }
        var (low, high) = (0, codes.count)
        while low < high {
            let middle = (low + high) / 2
            if codes[middle] < code { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The level of every code of `codes`, in order.
    public func levels<Codes: Collection<Int32>>(of codes: Codes) -> [Int32] {
        codes.map { Int32(level(of: $0)) }
    }
}
