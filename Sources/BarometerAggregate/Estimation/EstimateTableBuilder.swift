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
        try Parallel.run(jobs(for: dataset, design: design, universe: universe)).compactMap { $0 }
    }

    /// The table's rows as independent jobs, one per indicator and domain, in table order (nil
    /// for a domain with no rows to estimate from), to run beside other work.
    package func jobs(for dataset: Dataset, design: SurveyDesign, universe: [Bool]) throws -> ParallelJobs<EstimateRow?> {
        let estimator = DomainMeanEstimator(design: design)
        var domains: [(group: String, level: String, label: String, rows: [Int32])] = [
            (EstimateRow.overallGroup, EstimateRow.overallLevel, "All", DomainScores.rows(of: universe))
        ]
        for variables in breakdowns {
            let columns = try variables.map { try dataset.requireColumn($0, for: "breakdown").codes() }
            // Rows of the universe with every variable of the breakdown, by level: each
            // variable's level, combined with the first varying slowest, so the domains come
            // out in the numeric order of their codes.
            let rows = (0..<Int32(dataset.rowCount)).filter { row in
                universe[Int(row)] && columns.allSatisfy { $0[Int(row)] != Column.missingCode }
            }
            let levels = columns.map { codes in CodeLevels(rows.count) { codes[Int(rows[$0])] } }
            let combinations = levels.reduce(1) { $0 * $1.count }
            let combinedOfRow = rows.map { row in
                zip(columns, levels).reduce(0) { $0 * $1.1.count + $1.1.level(of: $1.0[Int(row)]) }
            }
            // A table over the combinations when they are few (always, in practice); a
            // dictionary for a crossing of many variables with many levels.
            var rowsOfLevel: [Int: [Int32]] = [:]
            if combinations <= 1 << 20 {
                var table = [[Int32]](repeating: [], count: combinations)
                for (row, combined) in zip(rows, combinedOfRow) { table[combined].append(row) }
                for (combined, rows) in table.enumerated() where !rows.isEmpty { rowsOfLevel[combined] = rows }
            } else {
                for (row, combined) in zip(rows, combinedOfRow) { rowsOfLevel[combined, default: []].append(row) }
            }
            for combined in rowsOfLevel.keys.sorted() {
                var rest = combined
                var level = [Int32](repeating: 0, count: levels.count)
                for index in levels.indices.reversed() {
                    level[index] = levels[index].codes[rest % levels[index].count]
                    rest /= levels[index].count
                }
                let label = zip(variables, level).map { dataset.codebook.label(of: String($1), in: $0) }.joined(separator: " / ")
                domains.append((variables.joined(separator: ":"), level.map(String.init).joined(separator: ":"), label, rowsOfLevel[combined]!))
            }
        }
        let columns = try indicators.map { try dataset.requireColumn($0.name, for: "indicator") }
        let (indicators, intervalMethod, confidenceLevel) = (indicators, intervalMethod, confidenceLevel)
        let domainList = domains
        return ParallelJobs(count: indicators.count * domainList.count) { job -> EstimateRow? in
            let (indicator, domain) = (indicators[job / domainList.count], domainList[job % domainList.count])
            // Each job makes its indicator's reals (a millisecond a million rows), so only the
            // running jobs' are held, not every indicator's at once.
            let values = columns[job / domainList.count].numbers()
            let domainRows = domain.rows.filter { !values[Int($0)].isNaN }
            guard
                let (estimate, interval) = estimator.mean(
                    of: values, inRows: domainRows, interval: intervalMethod, level: confidenceLevel)
            else { return nil }
            return EstimateRow(
                indicator: indicator.name, indicatorLabel: indicator.label, group: domain.group,
                level: domain.level, levelLabel: domain.label, estimate: estimate, interval: interval,
                intervalMethod: intervalMethod, confidenceLevel: confidenceLevel)
        }
    }
}
