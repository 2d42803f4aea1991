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
            let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
            var hash = (UInt64(truncatingIfNeeded: stratumOfRow[row]) ^ weights[row].bitPattern) &* multiplier
            for m in 0..<g {
                hash = (hash ^ UInt64(truncatingIfNeeded: cells[row * g + m])) &* multiplier
                hash = (hash ^ basis[row * g + m].bitPattern) &* multiplier
                hash = (hash ^ functional[row * g + m].bitPattern) &* multiplier
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
        // Open addressing, at most half full: each slot holds a profile number + 1, or 0.
        var slots = 1
        while slots < 2 * maximum { slots *= 2 }
        var table = [Int32](repeating: 0, count: slots)
        var profileOfRow = [Int32](repeating: 0, count: weights.count)
        var representatives: [Int32] = []
        for row in weights.indices {
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
}
