/// The respondents of a configuration, drawn one at a time in id order.
///
/// Strata are interleaved at random by drawing each row's stratum with probability
/// proportional to the respondents it still has to give, which yields exactly n_h rows per
/// stratum in random order without holding the rows (or a shuffle of them) in memory.
struct SampleRespondents: Sequence, IteratorProtocol {
    private var random: Xoshiro256StarStar
    private let strata: [(sektor: Int, stoerrelse: Int)]
    private var remaining: [Int]
    private var remainingTotal: Int
    private var nextID = 1

    init(seed: UInt64, design: SampleDesign) {
        random = Xoshiro256StarStar(seed: seed)
        strata = design.strata.map { ($0.sektor, $0.stoerrelse) }
        remaining = design.strata.map(\.respondents)
        remainingTotal = design.respondentTotal
    }

    mutating func next() -> SampleRespondent? {
        guard remainingTotal > 0 else { return nil }
        var point = random.below(remainingTotal)
        var h = 0
        while point >= remaining[h] {
            point -= remaining[h]
            h += 1
        }
        remaining[h] -= 1
        remainingTotal -= 1
        defer { nextID += 1 }
        return SampleModel.draw(
            id: nextID, sektor: strata[h].sektor, stoerrelse: strata[h].stoerrelse, using: &random)
    }
}
