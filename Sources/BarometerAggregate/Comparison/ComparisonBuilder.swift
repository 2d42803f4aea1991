import BarometerCore

/// Compares 0/1 outcomes across the levels of a grouping variable within the universe: each
/// group's share with its interval, the difference from the first level, and a Rao–Scott test
/// per outcome, with the p-values corrected across the outcomes.
public struct ComparisonBuilder: Sendable {
    /// An outcome: a 0/1 value per row (NaN where it does not apply, e.g. "don't know").
    public struct Outcome: Sendable {
        public var name: String
        public var label: String
        public var values: [Double]

        public init(name: String, label: String, values: [Double]) {
            self.name = name
            self.label = label
            self.values = values
        }
    }

    public var name: String
    public var test: IndependenceTest
    public var correction: PValueCorrection
    public var alpha: Double
    public var intervalMethod: IntervalMethod
    public var confidenceLevel: Double

    public init(
        name: String, test: IndependenceTest = .f, correction: PValueCorrection = .none, alpha: Double = 0.05,
        intervalMethod: IntervalMethod = .logit, confidenceLevel: Double = 0.95
    ) {
        self.name = name
        self.test = test
        self.correction = correction
        self.alpha = alpha
        self.intervalMethod = intervalMethod
        self.confidenceLevel = confidenceLevel
    }

    /// The comparison rows of every outcome across `group` (a column of `dataset`) in `universe`.
    public func rows(
        outcomes: [Outcome], group: String, dataset: Dataset, design: SurveyDesign, universe: [Bool]
    ) throws -> [ComparisonRow] {
        let groups = try groups(group, dataset: dataset, design: design, universe: universe)
        return rows(of: try Parallel.run(ParallelJobs(count: outcomes.count) { groups.compare(outcomes[$0]) }))
    }

    /// One outcome's comparison: its test and its rows, the p-value not yet corrected.
    package struct OutcomeComparison: Sendable {
        var test: TestResult?
        var rows: [ComparisonRow]
    }

    /// The levels of `group` (a column of `dataset`) in `universe` and their rows, found once
    /// for every outcome compared across them; each `Groups.compare(_:)` is independent of the
    /// others, a job to run beside other work, and `rows(of:)` makes the table of the results.
    package func groups(_ group: String, dataset: Dataset, design: SurveyDesign, universe: [Bool]) throws -> Groups {
        let column = try dataset.requireColumn(group, for: "comparison '\(name)' (group)")
        let groups = column.codes().map { $0 == Column.missingCode ? nil : $0 }
        let grouped = (0..<Int32(dataset.rowCount)).filter { universe[Int($0)] && groups[Int($0)] != nil }
        let levels = CodeLevels(grouped.count) { groups[Int(grouped[$0])]! }
        var rowsOfLevel = [[Int32]](repeating: [], count: levels.count)
        for row in grouped { rowsOfLevel[levels.level(of: groups[Int(row)]!)].append(row) }
        return Groups(
            comparison: self, group: group, codes: groups, levels: levels, rowsOfLevel: rowsOfLevel,
            labels: levels.codes.map { dataset.codebook.label(of: String($0), in: group) }, universe: universe,
            estimator: DomainMeanEstimator(design: design), tester: RaoScottTest(design: design))
    }

    /// A comparison's groups, ready to compare outcomes across.
    package struct Groups: Sendable {
        let comparison: ComparisonBuilder
        let group: String
        /// The group's code in each row, nil where it is missing.
        let codes: [Int32?]
        let levels: CodeLevels
        let rowsOfLevel: [[Int32]]
        let labels: [String]
        let universe: [Bool]
        let estimator: DomainMeanEstimator
        let tester: RaoScottTest

        /// The test and the per-level rows of `outcome`.
        package func compare(_ outcome: Outcome) -> OutcomeComparison {
            let outcomeCodes = outcome.values.map { $0.isNaN ? nil : Int32($0) }
            let result = tester.test(rows: outcomeCodes, columns: codes, domain: universe, statistic: comparison.test)
            var rows: [ComparisonRow] = []
            var first: Double?
            for (index, level) in levels.codes.enumerated() {
                let domainRows = rowsOfLevel[index].filter { !outcome.values[Int($0)].isNaN }
                guard
                    let (estimate, interval) = estimator.mean(
                        of: outcome.values, inRows: domainRows, interval: comparison.intervalMethod,
                        level: comparison.confidenceLevel)
                else { continue }
                let difference = first.map { estimate.estimate - $0 } ?? .nan
                first = first ?? estimate.estimate
                rows.append(
                    ComparisonRow(
                        comparison: comparison.name, outcome: outcome.name, outcomeLabel: outcome.label, group: group,
                        level: String(level), levelLabel: labels[index], estimate: estimate, interval: interval,
                        intervalMethod: comparison.intervalMethod, confidenceLevel: comparison.confidenceLevel,
                        difference: difference, test: result, adjustedPValue: .nan, correction: comparison.correction,
                        alpha: comparison.alpha))
            }
            return OutcomeComparison(test: result, rows: rows)
        }
    }

    /// The table of the outcomes' comparisons (in outcome order), with the p-values corrected
    /// across the outcomes.
    package func rows(of outcomes: [OutcomeComparison]) -> [ComparisonRow] {
        let adjusted = correction.adjust(outcomes.map { $0.test?.pValue ?? .nan })
        return zip(outcomes, adjusted).flatMap { outcome, pValue in
            outcome.rows.map { row in
                var row = row
                row.adjustedPValue = pValue
                return row
            }
        }
    }
}
