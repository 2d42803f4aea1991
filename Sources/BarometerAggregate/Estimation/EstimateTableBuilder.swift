import BarometerCore

/// Estimates every indicator overall, within each level of each breakdown variable, and within
/// each cell of each crossing of breakdown variables.
///
/// Levels are the codes found among universe rows, in numeric order, labelled from the
/// codebook; rows with a missing breakdown value count in `overall` only, as R's `svyby` drops
/// them.
public struct EstimateTableBuilder: Sendable {
    /// An indicator to estimate: a 0/1 column of the dataset and its label.
    public struct Indicator: Sendable, Equatable {
        public var name: String
        public var label: String
        public init(name: String, label: String) {
            self.name = name
            self.label = label
        }
    }

    public var indicators: [Indicator]
    /// Each breakdown is one variable, or several for a crossing (e.g. sektor × stoerrelse:
    /// group `sektor:stoerrelse`, levels `1:2`).
    public var breakdowns: [[String]]
    public var intervalMethod: IntervalMethod
    public var confidenceLevel: Double

    public init(
        indicators: [Indicator], breakdowns: [[String]], intervalMethod: IntervalMethod = .logit, confidenceLevel: Double = 0.95
    ) {
        self.indicators = indicators
        self.breakdowns = breakdowns
        self.intervalMethod = intervalMethod
        self.confidenceLevel = confidenceLevel
    }

    /// The table for `dataset` under `design`, within the rows where `universe` holds.
    public func estimates(for dataset: Dataset, design: SurveyDesign, universe: [Bool]) throws -> [EstimateRow] {
        let estimator = DomainMeanEstimator(design: design)
        var domains: [(group: String, level: String, label: String, mask: [Bool])] = [
            (EstimateRow.overallGroup, EstimateRow.overallLevel, "All", universe)
        ]
        for variables in breakdowns {
            let columns = try variables.map { try dataset.requireColumn($0, for: "breakdown") }
            let codes: [[Int32]?] = (0..<dataset.rowCount).map { row in
                let values = columns.compactMap { $0.code(at: row) }
                return values.count == columns.count ? values : nil
            }
            let levels = Set((0..<dataset.rowCount).filter { universe[$0] }.compactMap { codes[$0] })
                .sorted { $0.lexicographicallyPrecedes($1) }
            for level in levels {
                let mask = (0..<dataset.rowCount).map { universe[$0] && codes[$0] == level }
                let label = zip(variables, level).map { dataset.codebook.label(of: String($1), in: $0) }.joined(separator: " / ")
                domains.append((variables.joined(separator: ":"), level.map(String.init).joined(separator: ":"), label, mask))
            }
        }
        var rows: [EstimateRow] = []
        for indicator in indicators {
            let column = try dataset.requireColumn(indicator.name, for: "indicator")
            let values = (0..<dataset.rowCount).map { column.number(at: $0) ?? .nan }
            for domain in domains {
                guard let estimate = estimator.mean(of: values, in: domain.mask) else { continue }
                rows.append(
                    EstimateRow(
                        indicator: indicator.name, indicatorLabel: indicator.label, group: domain.group,
                        level: domain.level, levelLabel: domain.label, estimate: estimate,
                        interval: intervalMethod.interval(
                            for: estimate, level: confidenceLevel, values: values, domain: domain.mask, design: design),
                        intervalMethod: intervalMethod, confidenceLevel: confidenceLevel))
            }
        }
        return rows
    }
}
