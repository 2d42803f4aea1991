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
        let groups = try groups(group, dataset: dataset, universe: universe)
        return rows(of: try Parallel.run(ParallelJobs(count: outcomes.count) { groups.compare(outcomes[$0], design: design) }))
    }

    /// One outcome's comparison: its test and its rows, the p-value not yet corrected.
    package struct OutcomeComparison: Sendable {
        var test: TestResult?
        var rows: [ComparisonRow]
    }

    /// The levels of `group` (a column of `dataset`) in `universe` and their rows, found once
    /// for every outcome compared across them, and without the design, so they can be found
    /// while it is built. Each `Groups.compare(_:design:)` is independent of the others, a job
    /// to run beside other work, and `rows(of:)` makes the table of the results.
    package func groups(_ group: String, dataset: Dataset, universe: [Bool]) throws -> Groups {
        let codes = try dataset.requireColumn(group, for: "comparison '\(name)' (group)").codes()
        let universeRows = DomainScores.rows(of: universe)
        let grouped = universeRows.filter { codes[Int($0)] != Column.missingCode }
        let levels = CodeLevels(grouped.count) { codes[Int(grouped[$0])] }
        let levelOfGrouped = grouped.map { Int32(levels.level(of: codes[Int($0)])) }
        var rowsOfLevel = [[Int32]](repeating: [], count: levels.count)
        for (row, level) in zip(grouped, levelOfGrouped) { rowsOfLevel[Int(level)].append(row) }
        return Groups(
            comparison: self, group: group, levels: levels, grouped: grouped, levelOfGrouped: levelOfGrouped,
            rowsOfLevel: rowsOfLevel, universeRows: universeRows,
            labels: levels.codes.map { dataset.codebook.label(of: String($0), in: group) })
    }

    /// A comparison's groups, ready to compare outcomes across.
    package struct Groups: Sendable {
        let comparison: ComparisonBuilder
        let group: String
        let levels: CodeLevels
        /// The universe's rows with a group, and the level of each.
        let grouped: [Int32]
        let levelOfGrouped: [Int32]
        let rowsOfLevel: [[Int32]]
        /// Every row of the universe, those without a group too: R's domain for the test.
        let universeRows: [Int32]
        let labels: [String]

        /// The test and the per-level rows of `outcome` under `design`.
        package func compare(_ outcome: Outcome, design: SurveyDesign) -> OutcomeComparison {
            let result = RaoScottTest(design: design).test(
                table: table(of: outcome.values), domainRows: universeRows, statistic: comparison.test)
            let estimator = DomainMeanEstimator(design: design)
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

        /// The table of `values` (codes, NaN missing) against the group, over the rows with both.
        private func table(of values: [Double]) -> RaoScottTest.Table {
            // Filled through pointers, then cut to length: three appends per row cost more
            // than the rest of the table.
            var valid = [Int32](repeating: 0, count: grouped.count)
            var (codes, groupLevels) = (valid, valid)
            var count = 0
            valid.withUnsafeMutableBufferPointer { valid in
                codes.withUnsafeMutableBufferPointer { codes in
                    groupLevels.withUnsafeMutableBufferPointer { groupLevels in
                        for (row, level) in zip(grouped, levelOfGrouped) where !values[Int(row)].isNaN {
                            (valid[count], codes[count], groupLevels[count]) = (row, Int32(values[Int(row)]), level)
                            count += 1
                        }
                    }
                }
            }
            valid.removeLast(grouped.count - count)
            codes.removeLast(grouped.count - count)
            groupLevels.removeLast(grouped.count - count)
            // The group's levels among these rows may be fewer than the universe's: the table
            // takes them from its rows.
            return RaoScottTest.Table(valid: valid, rowCodes: codes, columnCodes: groupLevels)
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
