/// The rows raking cannot tell apart: the same start weight and the same cell in every
/// margin, so the same weight after every step.
///
/// Start weights come from a few strata and margins have a few cells each, so a million
/// respondents fall into a few hundred profiles. Raking then scales one weight per profile
/// instead of one per row: a row's weight is its profile's, bit for bit, since it undergoes the
/// same multiplications. Only the margin totals change, in their last bits: a profile's share
/// of a total is its weight times its row count rather than the weight added row by row.
struct RakingProfiles {
    /// The profile of each row.
    let profileOfRow: [Int32]
    /// The first row of each profile.
    let representatives: [Int]
    /// How many rows each profile has.
    let counts: [Double]

    /// Nil when the rows have more than `maximum` profiles: then grouping saves little.
    init?(weights: [Double], cells: [CellAssignment], maximum: Int) {
        func hash(_ row: Int) -> UInt64 {
            let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
            var hash = weights[row].bitPattern &* multiplier
            for margin in cells { hash = (hash ^ UInt64(truncatingIfNeeded: margin.cellOfRow[row])) &* multiplier }
            return hash ^ (hash >> 31)
        }
        func alike(_ a: Int, _ b: Int) -> Bool {
            weights[a].bitPattern == weights[b].bitPattern && cells.allSatisfy { $0.cellOfRow[a] == $0.cellOfRow[b] }
        }
        // Open addressing, at most half full: each slot holds a profile number + 1, or 0.
        var slots = 1
        while slots < 2 * maximum { slots *= 2 }
        var table = [Int32](repeating: 0, count: slots)
        var profileOfRow = [Int32](repeating: 0, count: weights.count)
        var representatives: [Int] = []
        var counts: [Double] = []
        for row in weights.indices {
            var slot = Int(truncatingIfNeeded: hash(row)) & (slots - 1)
            while true {
                let entry = Int(table[slot])
                if entry == 0 {
                    guard representatives.count < maximum else { return nil }
                    representatives.append(row)
                    counts.append(1)
                    table[slot] = Int32(representatives.count)
                    profileOfRow[row] = Int32(representatives.count - 1)
                    break
                }
                if alike(row, representatives[entry - 1]) {
                    profileOfRow[row] = Int32(entry - 1)
                    counts[entry - 1] += 1
                    break
                }
                slot = (slot + 1) & (slots - 1)
            }
        }
        self.profileOfRow = profileOfRow
        self.representatives = representatives
        self.counts = counts
    }

    /// Every row its own profile: raking row by row.
    init(rows: Int) {
        profileOfRow = (0..<rows).map(Int32.init)
        representatives = Array(0..<rows)
        counts = [Double](repeating: 1, count: rows)
    }

    /// Each row's weight: its profile's.
    func rowWeights(_ profileWeights: [Double]) -> [Double] {
        profileOfRow.map { profileWeights[Int($0)] }
    }
}
