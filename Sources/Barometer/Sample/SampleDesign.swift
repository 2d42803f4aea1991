/// The stratified design of a synthetic wave: the nine strata (sector × size), how many
/// workplaces each has in the population, how many answered, and the regional margins.
///
/// The figures for the default 2,271 respondents are fixed; any other size scales them so the
/// design keeps its shape: respondents by largest remainder (so they sum to `respondents`
/// exactly) and population counts in proportion (rounded half up, never below the respondents).
struct SampleDesign: Sendable, Equatable {
    /// One stratum: a sector (1 Stat, 2 Region, 3 Kommune) and a size band (1 < 50, 2 50–199,
    /// 3 200+ employees).
    struct Stratum: Sendable, Equatable {
        var sektor: Int
        var stoerrelse: Int
        /// Population count N_h.
        var population: Int
        /// Respondent count n_h.
        var respondents: Int

        /// The stratum code written to the data: sector * 10 + size.
        var code: Int { sektor * 10 + stoerrelse }
    }

    /// The respondent count the reference figures are for.
    static let referenceRespondents = 2271
    /// (sector, size, N_h, n_h) at 2,271 respondents, in stratum-code order.
    static let reference: [(sektor: Int, stoerrelse: Int, population: Int, respondents: Int)] = [
        (1, 1, 1200, 170), (1, 2, 700, 190), (1, 3, 350, 180),
        (2, 1, 600, 120), (2, 2, 500, 170), (2, 3, 300, 160),
        (3, 1, 6500, 600), (3, 2, 3200, 480), (3, 3, 650, 201),
    ]

    /// Where each sector's workplaces lie, per 10,000, by region code 1–5 (Hovedstaden,
    /// Sjælland, Syddanmark, Midtjylland, Nordjylland). State workplaces cluster in the capital.
    static let populationRegionShares: [[Int]] = [
        [4600, 1000, 1600, 1800, 1000],
        [2800, 1500, 2200, 2300, 1200],
        [2700, 1600, 2200, 2300, 1200],
    ]

    /// The same for respondents: the capital answers less often than the rest of the country,
    /// which is what raking to `regionMargins` is there to correct.
    static let respondentRegionShares: [[Int]] = [
        [4000, 1150, 1750, 2000, 1100],
        [2400, 1600, 2350, 2450, 1200],
        [2300, 1700, 2350, 2450, 1200],
    ]

    var strata: [Stratum]
    /// Population count by region code 1–5 (index 0 is region 1); sums to `populationTotal`.
    var regionMargins: [Int]

    init(respondents: Int) {
        let reference = Self.reference
        let counts = Self.largestRemainder(
            total: respondents, weights: reference.map(\.respondents))
        let base = Self.referenceRespondents
        strata = zip(reference, counts).map { stratum, count in
            // Half-up rounding in integers: N * n / 2271 + 1/2.
            let scaled = (2 * stratum.population * respondents + base) / (2 * base)
            return Stratum(
                sektor: stratum.sektor, stoerrelse: stratum.stoerrelse,
                population: max(scaled, count), respondents: count)
        }
        let total = strata.reduce(0) { $0 + $1.population }
        var regionWeights = [Int](repeating: 0, count: 5)
        for stratum in strata {
            for region in 0..<5 {
                regionWeights[region] +=
                    stratum.population * Self.populationRegionShares[stratum.sektor - 1][region]
            }
        }
        regionMargins = Self.largestRemainder(total: total, weights: regionWeights)
    }

    var populationTotal: Int { strata.reduce(0) { $0 + $1.population } }
    var respondentTotal: Int { strata.reduce(0) { $0 + $1.respondents } }

    /// Splits `total` in proportion to `weights`: everyone gets the floor of their quota, and
    /// the units left over go to the largest remainders, ties to the earlier entry, so the
    /// parts always sum to `total` and the split is the same on every machine.
    static func largestRemainder(total: Int, weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        precondition(sum > 0 && total >= 0, "largest remainder needs positive weights")
        // Weight × total can pass 2^63 for ten million respondents, so divide in 128 bits.
        let quotas = weights.map { sum.dividingFullWidth($0.multipliedFullWidth(by: total)) }
        var parts = quotas.map(\.quotient)
        let remainders = quotas.map(\.remainder)
        let order = remainders.indices.sorted { a, b in
            remainders[a] != remainders[b] ? remainders[a] > remainders[b] : a < b
        }
        for index in order.prefix(total - parts.reduce(0, +)) { parts[index] += 1 }
        return parts
    }
}
