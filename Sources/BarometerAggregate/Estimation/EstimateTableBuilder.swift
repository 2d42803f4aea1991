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
        let domains = try domains(of: dataset, universe: universe)
        return try Parallel.run(jobs(over: domains, in: dataset, design: design)).flatMap { $0 }
    }

    /// A domain of the table: the universe, or one level of a breakdown, and its rows.
    package struct Domain: Sendable {
        var group: String
        var level: String
        var label: String
        /// Ascending.
        var rows: [Int32]
    }

    /// The table's domains in table order, found without the design, so they can be found
    /// while it is built.
    package func domains(of dataset: Dataset, universe: [Bool]) throws -> [Domain] {
        let universeRows = DomainScores.rows(of: universe)
        var domains = [Domain(group: EstimateRow.overallGroup, level: EstimateRow.overallLevel, label: "All", rows: universeRows)]
        for variables in breakdowns {
            let columns = try variables.map { try dataset.requireColumn($0, for: "breakdown").codes() }
            // Rows of the universe with every variable of the breakdown, by level: each
            // variable's level, combined with the first varying slowest, so the domains come
            // out in the numeric order of their codes.
            var rows = universeRows
            for codes in columns { rows.removeAll { codes[Int($0)] == Column.missingCode } }
            let levels = columns.map { codes in CodeLevels(rows.count) { codes[Int(rows[$0])] } }
            let combinations = levels.reduce(1) { $0 * $1.count }
            var combinedOfRow = [Int](repeating: 0, count: rows.count)
            for (codes, levels) in zip(columns, levels) {
                for (j, row) in rows.enumerated() {
                    combinedOfRow[j] = combinedOfRow[j] * levels.count + levels.level(of: codes[Int(row)])
                }
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
                domains.append(
                    Domain(
                        group: variables.joined(separator: ":"), level: level.map(String.init).joined(separator: ":"),
                        label: label, rows: rowsOfLevel[combined]!))
            }
        }
        return domains
    }

    /// The table's rows over `domains` as independent jobs, one per indicator with its rows in
    /// every domain (none for a domain with no rows to estimate from), in table order, to run
    /// beside other work.
    package func jobs(over domains: [Domain], in dataset: Dataset, design: SurveyDesign) throws -> ParallelJobs<[EstimateRow]> {
        let estimator = DomainMeanEstimator(design: design)
        let columns = try indicators.map { try dataset.requireColumn($0.name, for: "indicator") }
        let (indicators, intervalMethod, confidenceLevel) = (indicators, intervalMethod, confidenceLevel)
        return ParallelJobs(count: indicators.count) { job -> [EstimateRow] in
            let indicator = indicators[job]
            // Each job makes its indicator's reals (a millisecond a million rows), so only the
            // running jobs' are held, not every indicator's at once.
            let values = columns[job].numbers()
            return domains.compactMap { domain in
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
}
