import BarometerCore

/// The rows of an element design grouped by all the variance sees of a row besides its score
/// factors: stratum, weight, and its terms in the calibration's correction.
///
/// Survey weights come from a few strata and calibration cells, so a million rows usually have
/// a few hundred profiles at most. `ElementCovariance` then adds up a domain's factors per
/// profile and does the design's arithmetic once per profile instead of once per row.
struct RowProfiles: Sendable {
    /// The profile of each row.
    let profileOfRow: [Int32]
    /// One row of each profile, which stands for all of them.
    let representatives: [Int32]
    /// The rows of each profile.
    let counts: [Double]

    var count: Int { representatives.count }

    /// Nil when the rows have more than `maximum` profiles: then grouping saves little.
    init?(weights: [Double], stratumOfRow: [Int32], terms: CellTerms?, maximum: Int) {
        let g = terms?.groupingCount ?? 0
        func hash(_ row: Int) -> UInt64 {
            var hash = RowGrouping.mix(UInt64(truncatingIfNeeded: stratumOfRow[row]), weights[row].bitPattern)
            for m in 0..<g {
                let key = terms!.key(row, m)
                hash = RowGrouping.mix(hash, UInt64(truncatingIfNeeded: key.cell))
                hash = RowGrouping.mix(hash, key.after)
                hash = RowGrouping.mix(hash, key.before)
            }
            return hash ^ (hash >> 31)
        }
        func alike(_ a: Int, _ b: Int) -> Bool {
            guard stratumOfRow[a] == stratumOfRow[b], weights[a].bitPattern == weights[b].bitPattern else { return false }
            for m in 0..<g where terms!.key(a, m) != terms!.key(b, m) { return false }
            return true
        }
        guard let grouping = RowGrouping(count: weights.count, maximum: maximum, hash: hash, alike: alike) else { return nil }
        profileOfRow = grouping.profileOfRow
        representatives = grouping.representatives
        var counts = [Double](repeating: 0, count: representatives.count)
        for profile in profileOfRow { counts[Int(profile)] += 1 }
        self.counts = counts
    }
}
