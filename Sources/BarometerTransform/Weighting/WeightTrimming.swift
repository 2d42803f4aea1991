import BarometerCore

/// Trimming: weights cut back to bounds, the excess spread over the other weights, repeated
/// until every weight is inside the bounds and the targets still hold.
///
/// Bounds are absolute or multiples of the mean weight. After each cut, a post-stratification
/// or raking is calibrated again from the cut weights (so its margins hold); any other method
/// has the excess spread proportionally over the untrimmed weights of the same stratum (so
/// stratum totals, and N_h of expansion weights, hold). A weight counts as inside when it is
/// within a relative `tolerance` of its bound, since re-calibration moves cut weights by a
/// shrinking amount each round. When `maxRounds` rounds do not get every weight inside, or a
/// round changes nothing (the bounds cannot be met in some cell), trimming fails and says why.
public struct WeightTrimming: WeightingMethod {
    public var method: any WeightingMethod
    public var lower: Double?
    public var upper: Double?
    /// Bounds are multiples of the mean weight (e.g. 0.3 and 3.5) rather than weights.
    public var relativeToMean: Bool
    public var maxRounds: Int
    public var tolerance: Double

    /// - Throws: `.usage` when neither bound is given, a bound is negative, or lower ≥ upper.
    public init(
        method: any WeightingMethod, lower: Double? = nil, upper: Double? = nil, relativeToMean: Bool = false,
        maxRounds: Int = 100, tolerance: Double = 1e-6
    ) throws {
        guard lower != nil || upper != nil else {
            throw BarometerError(.usage, "trimming needs a lower or an upper bound")
        }
        guard (lower ?? 0) >= 0, (upper ?? 1) > 0, (lower ?? 0) < (upper ?? .infinity) else {
            throw BarometerError(.usage, "trimming bounds must satisfy 0 <= lower < upper")
        }
        guard maxRounds >= 1 else { throw BarometerError(.usage, "trimming needs max_rounds of at least 1") }
        self.method = method
        self.lower = lower
        self.upper = upper
        self.relativeToMean = relativeToMean
        self.maxRounds = maxRounds
        self.tolerance = tolerance
    }

    public func problems(in dataset: Dataset) throws -> [RowProblem] {
        try method.problems(in: dataset)
    }

    public func weights(for dataset: Dataset) throws -> SurveyWeights {
        let calibrating = method as? any CalibratingMethod
        let base = try calibrating.map { try $0.start.weights(for: dataset) }
        var result = try base.map { try calibrating!.calibrate($0, in: dataset) } ?? method.weights(for: dataset)
        try result.checkPositive(in: dataset, purpose: "trimming")
        let n = result.weights.count
        let scale = relativeToMean ? result.weights.reduce(0, +) / Double(n) : 1
        let low = (lower ?? 0) * scale
        let high = (upper ?? .infinity) * scale
        let describeBounds = "[\(CalibrationReport.format(low)), \(CalibrationReport.format(high))]"
        // Stratum totals the redistribution keeps, for methods without calibration targets.
        let group = result.strata ?? [Int32](repeating: 0, count: n)
        var groupTotal: [Int32: Double] = [:]
        for row in 0..<n { groupTotal[group[row], default: 0] += result.weights[row] }

        var trimmed = [Bool](repeating: false, count: n)
        var rounds = 0
        func outside(_ weights: [Double]) -> [Int] {
            (0..<n).filter { weights[$0] > high * (1 + tolerance) || weights[$0] < low * (1 - tolerance) }
        }
        while true {
            let out = outside(result.weights)
            if out.isEmpty { break }
            guard rounds < maxRounds else {
                throw failure("in \(rounds) rounds", out, result.weights, low, high, dataset)
            }
            rounds += 1
            var cut = result.weights
            var atBound = [Bool](repeating: false, count: n)
            for row in 0..<n {
                if cut[row] >= high * (1 - 1e-12) {
                    if cut[row] > high * (1 + tolerance) { trimmed[row] = true }
                    cut[row] = high
                    atBound[row] = true
                } else if cut[row] <= low * (1 + 1e-12) {
                    if cut[row] < low * (1 - tolerance) { trimmed[row] = true }
                    cut[row] = low
                    atBound[row] = true
                }
            }
            var next: SurveyWeights
            if let calibrating, var restart = base {
                restart.weights = cut
                next = try calibrating.calibrate(restart, in: dataset)
            } else {
                // Per stratum, the weights that can move towards the total take the difference:
                // those not at the upper bound when weight is missing, not at the lower when in excess.
                var sum: [Int32: Double] = [:]
                for row in 0..<n { sum[group[row], default: 0] += cut[row] }
                var fixed: [Int32: Double] = [:]
                var free: [Int32: Double] = [:]
                let movable = { (row: Int) -> Bool in
                    let adding = groupTotal[group[row]]! > sum[group[row]]!
                    return !(atBound[row] && cut[row] == (adding ? high : low))
                }
                for row in 0..<n {
                    if movable(row) {
                        free[group[row], default: 0] += cut[row]
                    } else {
                        fixed[group[row], default: 0] += cut[row]
                    }
                }
                var factors: [Int32: Double] = [:]
                for (g, total) in groupTotal {
                    let factor = (total - fixed[g, default: 0]) / free[g, default: 0]
                    guard factor > 0, factor.isFinite else {
                        throw failure(
                            "because stratum \(g) has no weights left to take the excess", out, result.weights, low,
                            high, dataset)
                    }
                    factors[g] = factor
                }
                for row in 0..<n where movable(row) { cut[row] *= factors[group[row]]! }
                next = result
                next.weights = cut
            }
            let change = (0..<n).reduce(0.0) {
                max($0, abs(next.weights[$1] - result.weights[$1]) / result.weights[$1])
            }
            result = next
            if change < 1e-13, !outside(result.weights).isEmpty {
                throw failure(
                    "because a round changed nothing (the targets force these weights)", outside(result.weights),
                    result.weights, low, high, dataset)
            }
        }
        let count = trimmed.lazy.filter { $0 }.count
        result.trimming = TrimmingReport(lower: low, upper: high, trimmed: count, rounds: rounds)
        result.method +=
            "; trimmed to \(describeBounds)\(relativeToMean ? " (relative to the mean weight \(CalibrationReport.format(scale)))" : ""): \(count) weights trimmed in \(rounds) rounds"
        return result
    }

    private func failure(
        _ why: String, _ rows: [Int], _ weights: [Double], _ low: Double, _ high: Double, _ dataset: Dataset
    ) -> BarometerError {
        let excess = { (row: Int) in max(weights[row] / high - 1, low > 0 ? 1 - weights[row] / low : 0) }
        let worst = rows.max { excess($0) < excess($1) }!
        return BarometerError(
            .failure,
            "trimming could not bring every weight inside [\(CalibrationReport.format(low)), \(CalibrationReport.format(high))] while keeping the targets \(why): \(rows.count) weights are still outside, the furthest \(CalibrationReport.format(weights[worst])) (this row); widen the bounds or collapse cells",
            at: worst < dataset.rowCount ? dataset.location(ofRow: worst) : nil)
    }
}
