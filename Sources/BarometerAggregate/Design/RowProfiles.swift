import BarometerCore

/// The rows of an element design grouped by all the variance sees of a row besides its score
/// factors: stratum, weight, and the calibration's cells, basis and functional values.
///
/// Survey weights come from a few strata and calibration cells, so a million rows usually have
/// a few hundred profiles at most. `ElementCovariance` then adds up a domain's factors per
/// profile and does the design's arithmetic once per profile instead of once per row.
struct RowProfiles: Sendable {
    /// The profile of each row.
    let profileOfRow: [Int32]
    /// One row of each profile, which stands for all of them.
    let representatives: [Int32]

    var count: Int { representatives.count }

    /// Nil when the rows have more than `maximum` profiles: then grouping saves little.
    init?(weights: [Double], stratumOfRow: [Int32], correction: CellCorrection?, maximum: Int) {
        let g = correction?.groupingCount ?? 0
        let cells = correction?.cells ?? []
        let basis = correction?.basis ?? []
        let functional = correction?.functional ?? []
        func hash(_ row: Int) -> UInt64 {
            var hash = RowGrouping.mix(UInt64(truncatingIfNeeded: stratumOfRow[row]), weights[row].bitPattern)
            for m in 0..<g {
                hash = RowGrouping.mix(hash, UInt64(truncatingIfNeeded: cells[row * g + m]))
                hash = RowGrouping.mix(hash, basis[row * g + m].bitPattern)
                hash = RowGrouping.mix(hash, functional[row * g + m].bitPattern)
            }
            return hash ^ (hash >> 31)
        }
        func alike(_ a: Int, _ b: Int) -> Bool {
            guard stratumOfRow[a] == stratumOfRow[b], weights[a].bitPattern == weights[b].bitPattern else { return false }
            for m in 0..<g {
                guard cells[a * g + m] == cells[b * g + m], basis[a * g + m].bitPattern == basis[b * g + m].bitPattern,
                    functional[a * g + m].bitPattern == functional[b * g + m].bitPattern
                else { return false }
            }
            return true
        }
        guard let grouping = RowGrouping(count: weights.count, maximum: maximum, hash: hash, alike: alike) else { return nil }
        profileOfRow = grouping.profileOfRow
        representatives = grouping.representatives
    }
}
