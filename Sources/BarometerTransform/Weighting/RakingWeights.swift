import BarometerCore

/// Raking (iterative proportional fitting): starting weights adjusted to several margins in
/// turn, pass after pass, until every margin cell is within a relative `tolerance` of its
/// population count, as R's `rake`.
///
/// Convergence is judged on the distance to the targets (the largest relative gap of any
/// margin cell after a full pass), not on how much the weights still change. When
/// `maxIterations` passes do not get there the weights are refused with the worst cell named,
/// unless `allowNonconvergence` is set; the report and notes then say so. Margins whose
/// population totals disagree cannot all hold at once and are refused when the method is made.
public struct RakingWeights: CalibratingMethod {
    /// One margin: population counts of the cells of one variable (or of a few, jointly).
    public struct Margin: Sendable, Equatable {
        public var frame: CellFrame
        /// Groups of frame cells merged into one, e.g. `[[[4], [5]]]`.
        public var collapse: [[[Int32]]]

        public init(frame: CellFrame, collapse: [[[Int32]]] = []) {
            self.frame = frame
            self.collapse = collapse
        }
    }

    /// Which of R's calibrated designs the variance follows.
    public enum Variance: String, Sendable, Codable, CaseIterable {
        /// R's `rake`: ten backfitting passes over the margins on the scores.
        case raking
        /// R's `calibrate(calfun = "raking")`: exact residuals of the regression on the margins.
        case calibration
    }

    public var start: any WeightingMethod
    public var margins: [Margin]
    public var tolerance: Double
    public var maxIterations: Int
    public var allowNonconvergence: Bool
    public var variance: Variance

    /// - Throws: `.usage` for fewer than one margin, a tolerance that is not positive or fewer
    ///   than one iteration; `.badData` when the margins' population totals disagree (relative
    ///   difference above 1e-9), naming each margin's total and file.
    public init(
        start: any WeightingMethod = EqualWeights(), margins: [Margin], tolerance: Double = 1e-8,
        maxIterations: Int = 100, allowNonconvergence: Bool = false, variance: Variance = .raking
    ) throws {
        guard !margins.isEmpty else { throw BarometerError(.usage, "raking needs at least one margin") }
        guard tolerance >= 0, tolerance.isFinite else {
            throw BarometerError(.usage, "raking tolerance must be a non-negative number, e.g. 1e-8")
        }
        guard maxIterations >= 1 else { throw BarometerError(.usage, "raking needs max_iterations of at least 1") }
        let totals = margins.map(\.frame.total)
        if let first = totals.first, totals.contains(where: { abs($0 - first) > 1e-9 * first }) {
            let list = margins.map { "\($0.frame.name) \(NumberFormat.roundTrip($0.frame.total)) (\($0.frame.source))" }
            throw BarometerError(
                .badData,
                "raking margins disagree on the population total: \(list.joined(separator: ", ")); every margin must count the same population"
            )
        }
        self.start = start
        self.margins = margins
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.allowNonconvergence = allowNonconvergence
        self.variance = variance
    }

    public func problems(in dataset: Dataset) throws -> [RowProblem] {
        try problems(in: dataset, cellVariables: margins.flatMap(\.frame.variables))
    }

    public func calibrate(_ start: SurveyWeights, in dataset: Dataset) throws -> SurveyWeights {
        // Each margin's cells on its own core; a bad frame fails as it would one after another.
        let cells = try Parallel.map(margins.count) {
            try CellAssignment(dataset: dataset, frame: margins[$0].frame, collapse: margins[$0].collapse)
        }
        try start.checkPositive(in: dataset, purpose: "raking")
        let n = start.weights.count
        // One weight per profile of rows alike (row by row when they are too varied).
        let profiles =
            RakingProfiles(weights: start.weights, cells: cells, maximum: max(64, n / 8)) ?? RakingProfiles(rows: n)
        let cellOfProfile = cells.map { margin in profiles.representatives.map { margin.cellOfRow[$0] } }
        var profileWeights = profiles.representatives.map { start.weights[$0] }
        // The variance needs the weights before and after each margin of the last iteration.
        // Rather than copying them at every step, the last iteration's start and factors are
        // kept, and it is replayed at the end: the same products, so the same bits.
        var lastStart = profileWeights
        var lastFactors: [[Double]] = []
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            lastStart = profileWeights
            lastFactors = zip(cells, cellOfProfile).map { margin, cellOf in
                let totals = Self.totals(of: profileWeights, counts: profiles.counts, cellOf: cellOf, cellCount: margin.cellCount)
                let factors = (0..<margin.cellCount).map { margin.targets[$0] / totals[$0] }
                Self.scale(&profileWeights, by: factors, cellOfRow: cellOf)
                return factors
            }
            // The largest relative gap of any cell of any margin.
            var gap = 0.0
            for (margin, cellOf) in zip(cells, cellOfProfile) {
                let totals = Self.totals(of: profileWeights, counts: profiles.counts, cellOf: cellOf, cellCount: margin.cellCount)
                for cell in 0..<margin.cellCount { gap = max(gap, abs(totals[cell] - margin.targets[cell]) / margin.targets[cell]) }
            }
            if gap <= tolerance {
                converged = true
                break
            }
        }
        let weights = profiles.rowWeights(profileWeights)

        let report = CalibrationReport(
            kind: .rake, iterations: iterations, converged: converged, tolerance: tolerance,
            cells: cells.flatMap { $0.gaps(at: weights) })
        let names = margins.map(\.frame.name).joined(separator: ", ")
        var notes = start.notes
        if !converged {
            let worst = report.worstCell.map(CalibrationReport.describe) ?? ""
            guard allowNonconvergence else {
                throw BarometerError(
                    .failure,
                    "raking to \(names) did not converge in \(iterations) iterations (tolerance \(CalibrationReport.format(tolerance))); the worst cell is \(worst). Collapse sparse cells, raise max_iterations, or set allow_nonconvergence: true to publish anyway"
                )
            }
            notes.append(
                "Raking did not converge: after \(iterations) iterations the weights still miss the population margins; the worst cell is \(worst). The figures are published because the pipeline allows it (allow_nonconvergence: true)."
            )
        }

        var result = start
        result.weights = weights
        result.notes = notes
        result.calibrationReport = report
        switch variance {
        case .raking:
            var replayed = profiles.rowWeights(lastStart)
            result.calibration = start.appending(
                .raking(
                    zip(cells, lastFactors).map { margin, factors in
                        let before = replayed
                        Self.scale(&replayed, by: factors, cellOfRow: margin.cellOfRow)
                        return Calibration.Cells(
                            cellOfRow: margin.cellOfRow, cellCount: margin.cellCount, weightsBefore: before,
                            weightsAfter: replayed)
                    }))
        case .calibration:
            result.calibration = start.appending(
                .regression(
                    Calibration.Regression(
                        columns: Self.modelColumns(cells, rowCount: n), designWeights: start.weights, weights: weights))
            )
        }
        result.method =
            "raked to margins \(names) from \(start.method): \(iterations) iterations, "
            + (converged ? "largest relative gap \(CalibrationReport.format(report.largestGap))" : "NOT converged")
        return result
    }

    /// Multiplies each row's weight by its cell's factor.
    private static func scale(_ weights: inout [Double], by factors: [Double], cellOfRow: [Int32]) {
        weights.withUnsafeMutableBufferPointer { weights in
            for row in weights.indices { weights[row] *= factors[Int(cellOfRow[row])] }
        }
    }

    /// Each cell's total weight: a profile's weight counted once for each of its rows.
    private static func totals(of weights: [Double], counts: [Double], cellOf: [Int32], cellCount: Int) -> [Double] {
        var totals = [Double](repeating: 0, count: cellCount)
        for unit in weights.indices { totals[Int(cellOf[unit])] += counts[unit] * weights[unit] }
        return totals
    }

    /// The model matrix R's `calibrate(~a + b + ...)` uses: an intercept and an indicator for
    /// every cell of every margin but its first.
    static func modelColumns(_ cells: [CellAssignment], rowCount: Int) -> [[Double]] {
        var columns = [[Double](repeating: 1, count: rowCount)]
        for margin in cells where margin.cellCount > 1 {
            for cell in 1..<margin.cellCount {
                columns.append((0..<rowCount).map { margin.cellOfRow[$0] == Int32(cell) ? 1 : 0 })
            }
        }
        return columns
    }
}
