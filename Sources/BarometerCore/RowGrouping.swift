/// Rows grouped into profiles of rows alike, in the order each profile first appears.
///
/// A hash table with open addressing, at most half full, keyed by the caller's hash of a row
/// and checked with its `alike`: no dictionary per row, and a pass over a million rows with a
/// few hundred profiles costs a few milliseconds.
package struct RowGrouping: Sendable {
    /// The profile of each row.
    package let profileOfRow: [Int32]
    /// The first row of each profile, which stands for all of them.
    package let representatives: [Int32]

    /// Groups rows `0..<count`; nil when they have more than `maximum` profiles.
    package init?(count: Int, maximum: Int, hash: (Int) -> UInt64, alike: (_ row: Int, _ representative: Int) -> Bool) {
        var slots = 1
        while slots < 2 * maximum { slots *= 2 }
        // Each slot holds a profile number + 1, or 0.
        var table = [Int32](repeating: 0, count: slots)
        var profileOfRow = [Int32](repeating: 0, count: count)
        var representatives: [Int32] = []
        for row in 0..<count {
            var slot = Int(truncatingIfNeeded: hash(row)) & (slots - 1)
            while true {
                let entry = Int(table[slot])
                if entry == 0 {
                    guard representatives.count < maximum else { return nil }
                    representatives.append(Int32(row))
                    table[slot] = Int32(representatives.count)
                    profileOfRow[row] = Int32(representatives.count - 1)
                    break
                }
                if alike(row, Int(representatives[entry - 1])) {
                    profileOfRow[row] = Int32(entry - 1)
                    break
                }
                slot = (slot + 1) & (slots - 1)
            }
        }
        self.profileOfRow = profileOfRow
        self.representatives = representatives
    }

    /// Mixes `value` into a running row hash.
    @inline(__always)
    package static func mix(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ value) &* 0x9E37_79B9_7F4A_7C15
    }
}
