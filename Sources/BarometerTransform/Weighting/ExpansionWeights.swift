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
        let strata = try dataset.requireColumn(stratumColumn, for: "weighting (stratum)")
        var problems: [RowProblem] = []
        for row in 0..<dataset.rowCount {
            guard let stratum = strata.code(at: row) else {
                problems.append(RowProblem(row: row, variable: stratumColumn, reason: "stratum is missing"))
                continue
            }
            if frame.counts[stratum] == nil {
                problems.append(
                    RowProblem(
                        row: row, variable: stratumColumn,
                        reason: "stratum \(stratum) is not in the population frame \(frame.source)"))
            }
        }
        return problems
    }

    public func weights(for dataset: Dataset) throws -> SurveyWeights {
        let column = try dataset.requireColumn(stratumColumn, for: "weighting (stratum)")
        let strata = (0..<dataset.rowCount).map { column.code(at: $0) ?? Column.missingCode }
        var sampled: [Int32: Int] = [:]
        for stratum in strata { sampled[stratum, default: 0] += 1 }

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
        let weights = strata.map { frame.counts[$0]! / Double(sampled[$0]!) }
        return SurveyWeights(
            weights: weights, strata: strata,
            populationSizes: finitePopulationCorrection ? strata.map { frame.counts[$0]! } : nil,
            method:
                "expansion weights N_h/n_h over \(sampled.count) strata of \(stratumColumn)\(finitePopulationCorrection ? ", with finite population correction" : "")"
        )
    }
}
