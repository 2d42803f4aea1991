/// How many of a domain's rows have each profile of the design (see `RowProfiles`) and each
/// value, 0 or 1: all that a share's estimate, variance and logit fit need from its rows.
///
/// A share over a million rows then costs one pass that counts, and arithmetic per profile.
/// Sums become count × term instead of a sum of equal terms: the same up to the last digits.
struct ProfileTally: WeightedClasses, Sendable {
    /// `counts[p · 2 + v]`: rows of profile p whose value is v.
    private let counts: [Int]
    let rowCount: Int
    private let design: ElementCovariance

    /// The tally of `values` over `rows` by the profiles of `design`; nil when the design's
    /// rows have no profiles or a value is neither 0 nor 1.
    init?(of values: [Double], inRows rows: [Int32], design: ElementCovariance) {
        guard let profileOfRow = design.profileOfRow else { return nil }
        var counts = [Int](repeating: 0, count: 2 * design.profileWeights.count)
        let tallied = counts.withUnsafeMutableBufferPointer { counts in
            values.withUnsafeBufferPointer { values in
                profileOfRow.withUnsafeBufferPointer { profileOfRow in
                    for row in rows.lazy.map(Int.init) {
                        let value = values[row]
                        guard value == 0 || value == 1 else { return false }
                        counts[2 &* Int(profileOfRow[row]) &+ Int(value)] &+= 1
                    }
                    return true
                }
            }
        }
        guard tallied else { return nil }
        (self.counts, rowCount, self.design) = (counts, rows.count, design)
    }

    func forEach(_ body: (_ weight: Double, _ value: Double, _ count: Double) -> Void) {
        for (index, count) in counts.enumerated() where count > 0 {
            body(design.profileWeights[index / 2], Double(index % 2), Double(count))
        }
    }

    /// Design degrees of freedom of the rows: PSUs (the rows) minus the strata among them.
    var degreesOfFreedom: Double {
        var seen = Set<Int32>()
        for (index, count) in counts.enumerated() where count > 0 { seen.insert(design.profileStrata[index / 2]) }
        return Double(rowCount - seen.count)
    }

    /// The covariance of `statistics` statistics whose factors in a row of weight w and value
    /// y are `factors(w, y)`.
    func covariance(statistics: Int, factors: (_ weight: Double, _ value: Double) -> [Double]) -> [[Double]] {
        var sums = ElementCovariance.ProfileSums(profiles: design.profileWeights.count, statistics: statistics)
        for (index, count) in counts.enumerated() where count > 0 {
            let f = factors(design.profileWeights[index / 2], Double(index % 2))
            f.withUnsafeBufferPointer { sums.add(Double(count), rowsOf: index / 2, withFactors: $0) }
        }
        return design.covariance(of: sums)
    }
}
