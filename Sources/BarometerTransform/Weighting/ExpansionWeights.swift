import BarometerCore

/// Stratified expansion weights w = N_h / n_h from a population frame.
///
/// The design is stratified simple random sampling, as R's
/// `svydesign(ids = ~1, strata = ~stratum, fpc = ~N)`; with `finitePopulationCorrection` the
/// variance is multiplied by (1 - n_h / N_h) in each stratum.
public struct ExpansionWeights: WeightingMethod {
    public var stratumColumn: String
    public var frame: PopulationFrame
    public var finitePopulationCorrection: Bool

    public init(stratumColumn: String, frame: PopulationFrame, finitePopulationCorrection: Bool = true) {
        self.stratumColumn = stratumColumn
        self.frame = frame
        self.finitePopulationCorrection = finitePopulationCorrection
    }

    public func problems(in dataset: Dataset) throws -> [RowProblem] {
        let strata = try dataset.requireColumn(stratumColumn, for: "weighting (stratum)").codes()
        // Each stratum is looked up in the frame once, not once per row.
        let levels = CodeLevels(strata)
        let inFrame = levels.codes.map { frame.counts[$0] != nil }
        var problems: [RowProblem] = []
        for (row, stratum) in strata.enumerated() where !inFrame[levels.level(of: stratum)] {
            if stratum == Column.missingCode {
                problems.append(RowProblem(row: row, variable: stratumColumn, reason: "stratum is missing"))
            } else {
                problems.append(
                    RowProblem(
                        row: row, variable: stratumColumn,
                        reason: "stratum \(stratum) is not in the population frame \(frame.source)"))
            }
        }
        return problems
    }

    public func weights(for dataset: Dataset) throws -> SurveyWeights {
        let strata = try dataset.requireColumn(stratumColumn, for: "weighting (stratum)").codes()
        let levels = CodeLevels(strata)
        let levelOfRow = levels.levels(of: strata)
        var counts = [Int](repeating: 0, count: levels.count)
        for level in levelOfRow { counts[Int(level)] += 1 }
        let sampled = Dictionary(uniqueKeysWithValues: zip(levels.codes, counts))

        let empty = frame.counts.keys.filter { sampled[$0] == nil }.sorted()
        if !empty.isEmpty {
            throw BarometerError(
                .badData,
                "population frame \(frame.source) has strata without respondents: \(empty.map(String.init).joined(separator: ", ")); collapse them with a neighbouring stratum"
            )
        }
        for (stratum, n) in sampled.sorted(by: { $0.key < $1.key }) where Double(n) > frame.counts[stratum]! {
            throw BarometerError(
                .badData,
                "stratum \(stratum) has \(n) respondents but a population of only \(NumberFormat.roundTrip(frame.counts[stratum]!)) in \(frame.source)"
            )
        }
        // Per stratum, then per row by level: the same division, done once per stratum.
        let sizes = levels.codes.map { frame.counts[$0]! }
        let stratumWeights = zip(sizes, counts).map { $0 / Double($1) }
        return SurveyWeights(
            weights: levelOfRow.map { stratumWeights[Int($0)] }, strata: strata,
            populationSizes: finitePopulationCorrection ? levelOfRow.map { sizes[Int($0)] } : nil,
            method:
                "expansion weights N_h/n_h over \(sampled.count) strata of \(stratumColumn)\(finitePopulationCorrection ? ", with finite population correction" : "")"
        )
    }
}
