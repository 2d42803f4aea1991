/// The distinct codes a coded variable takes, in numeric order, with each code's level
/// number: grouping a million rows by a code without hashing each row.
///
/// Survey codes are small integers, so the lookup is a table over the codes' range; a variable
/// whose codes span more than `denseRange` falls back to a binary search.
struct CodeLevels {
    /// The distinct codes, ascending.
    let codes: [Int32]
    private let minimum: Int32
    /// `dense[code − minimum]` is the code's level, or −1; empty when the range is too wide.
    private let dense: [Int32]

    static let denseRange = 1 << 16

    /// The levels of the codes `code(row)` of `rows`.
    init(at rows: [Int32], code: (Int) -> Int32) {
        var minimum = Int32.max
        var maximum = Int32.min
        for row in rows.lazy.map(Int.init) {
            minimum = min(minimum, code(row))
            maximum = max(maximum, code(row))
        }
        guard !rows.isEmpty else {
            (self.codes, self.minimum, dense) = ([], 0, [])
            return
        }
        self.minimum = minimum
        if Int(maximum) - Int(minimum) < Self.denseRange {
            var dense = [Int32](repeating: -1, count: Int(maximum) - Int(minimum) + 1)
            for row in rows.lazy.map(Int.init) { dense[Int(code(row) - minimum)] = 0 }
            var found: [Int32] = []
            for offset in dense.indices where dense[offset] == 0 {
                dense[offset] = Int32(found.count)
                found.append(minimum + Int32(offset))
            }
            (self.codes, self.dense) = (found, dense)
        } else {
            var found = Set<Int32>()
            for row in rows.lazy.map(Int.init) { found.insert(code(row)) }
            (self.codes, dense) = (found.sorted(), [])
        }
    }

    var count: Int { codes.count }

    /// The level of `code`, which must be one of `codes`.
    @inline(__always)
    func level(of code: Int32) -> Int {
        if !dense.isEmpty { return Int(dense[Int(code - minimum)]) }
        var (low, high) = (0, codes.count)
        while low < high {
            let middle = (low + high) / 2
            if codes[middle] < code { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
