/// The distinct codes of a coded variable, in numeric order, with each code's level number:
/// grouping a million rows by a code without hashing each row.
///
/// Survey codes are small integers, so the lookup is a table over the codes' range; codes that
/// span more than `denseRange` fall back to a binary search.
public struct CodeLevels: Sendable {
    /// The distinct codes, ascending.
    public let codes: [Int32]
    @usableFromInline let minimum: Int32
    /// `dense[code − minimum]` is the code's level, or −1; empty when the range is too wide.
    @usableFromInline let dense: [Int32]

    static let denseRange = 1 << 16

    /// The levels of `codes` (missing values included, if any, as `Column.missingCode`).
    public init(_ codes: [Int32]) {
        self.init(codes.count) { codes[$0] }
    }

    /// The levels of `count` codes, the `i`-th being `code(i)`.
    ///
    /// Not generic over a collection on purpose: called from other modules, a generic would
    /// run unspecialised, through witness tables, for every code.
    public init(_ count: Int, code: (Int) -> Int32) {
        var minimum = Int32.max
        var maximum = Int32.min
        for index in 0..<count {
            minimum = min(minimum, code(index))
            maximum = max(maximum, code(index))
        }
        guard count > 0 else {
            (self.codes, self.minimum, dense) = ([], 0, [])
            return
        }
        self.minimum = minimum
        if Int(maximum) - Int(minimum) < Self.denseRange {
            var dense = [Int32](repeating: -1, count: Int(maximum) - Int(minimum) + 1)
            dense.withUnsafeMutableBufferPointer { dense in
                for index in 0..<count { dense[Int(code(index) &- minimum)] = 0 }
            }
            var found: [Int32] = []
            for offset in dense.indices where dense[offset] == 0 {
                dense[offset] = Int32(found.count)
                found.append(minimum + Int32(offset))
            }
            (self.codes, self.dense) = (found, dense)
        } else {
            var found = Set<Int32>()
            for index in 0..<count { found.insert(code(index)) }
            (self.codes, dense) = (found.sorted(), [])
        }
    }

    /// The number of distinct codes.
    public var count: Int { codes.count }

    /// The level of `code`, which must be one of `codes`.
    @inlinable @inline(__always)
    public func level(of code: Int32) -> Int {
        if !dense.isEmpty { return Int(dense[Int(code &- minimum)]) }
        var (low, high) = (0, codes.count)
        while low < high {
            let middle = (low + high) / 2
            if codes[middle] < code { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The level of `code`, or nil when it is not one of `codes`.
    public func level(ifPresent code: Int32) -> Int? {
        if !dense.isEmpty {
            let offset = Int(code) - Int(minimum)
            guard offset >= 0, offset < dense.count, dense[offset] >= 0 else { return nil }
            return Int(dense[offset])
        }
        let level = level(of: code)
        return level < codes.count && codes[level] == code ? level : nil
    }

    /// The level of every code of `codes`, in order.
    public func levels(of codes: [Int32]) -> [Int32] {
        codes.map { Int32(level(of: $0)) }
    }
}
