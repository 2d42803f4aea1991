import BarometerCore

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
            let hash = cells.reduce(weights[row].bitPattern) { RowGrouping.mix($0, UInt64(truncatingIfNeeded: $1.cellOfRow[row])) }
            return hash ^ (hash >> 31)
        }
        func alike(_ a: Int, _ b: Int) -> Bool {
            weights[a].bitPattern == weights[b].bitPattern && cells.allSatisfy { $0.cellOfRow[a] == $0.cellOfRow[b] }
        }
        guard let grouping = RowGrouping(count: weights.count, maximum: maximum, hash: hash, alike: alike) else { return nil }
        var counts = [Double](repeating: 0, count: grouping.representatives.count)
        for profile in grouping.profileOfRow { counts[Int(profile)] += 1 }
        profileOfRow = grouping.profileOfRow
        representatives = grouping.representatives.map(Int.init)
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
