import BarometerCore

/// Replaces linearized scores by the residuals of the calibration the weights went through,
/// step for step as R's `svyrecvar` does with a design's `postStrata`.
///
/// - post-stratification: x − w·m_c, with m_c = Σ_c x·w₀/w / Σ_c w₀ (w₀ the weights before);
/// - raking: ten backfitting passes over the margins, each x − w·mean_c(x/w), whatever the
///   number of raking iterations was (R fixes it at ten);
/// - regression calibration: x = w·qr.resid(Q, x/w) with the model matrix scaled by √d and
///   w = g·√d (d the design weights, g the g-weights).
///
/// Each step's corrections lie in a small space fixed by the calibration (a multiple of the
/// weights per cell, see `CellCorrection`), so the work that does not depend on the scores is
/// done once: the regression model is orthonormalized, and the raking backfitting runs on one
/// coefficient per margin cell. A score vector then costs a few passes over the rows instead of
/// twenty per margin.
struct CalibrationResiduals: Sendable {
    enum Step: Sendable {
        case cells(CellCorrection)
        case regression(basis: [[Double]], scale: [Double])
    }

    let steps: [Step]

    /// Checks that every step of `calibration` describes `rowCount` rows.
    ///
    /// - Throws: `.failure` when a step describes another number of rows.
    static func check(_ calibration: Calibration, rowCount: Int) throws {
        let counts = calibration.steps.flatMap { step in
            switch step {
            case .postStratification(let cells): [cells.cellOfRow.count]
            case .raking(let margins): margins.map(\.cellOfRow.count)
            case .regression(let model): [model.weights.count]
            }
        }
        if let count = counts.first(where: { $0 != rowCount }) {
            throw BarometerError(.failure, "calibration describes \(count) rows but the design has \(rowCount)")
        }
    }

    /// The residuals of a calibration whose steps all describe the same rows.
    init(checked calibration: Calibration) {
        steps = calibration.steps.map { step in
            switch step {
            case .postStratification(let cells):
                return .cells(CellCorrection(CellTerms(postStratification: cells)))
            case .raking(let margins):
                return .cells(CellCorrection(CellTerms(raking: margins)))
            case .regression(let model):
                let rowCount = model.weights.count
                let root = model.designWeights.map { $0.squareRoot() }
                let scaled = model.columns.map { column in (0..<rowCount).map { column[$0] * root[$0] } }
                let scale = (0..<rowCount).map { model.weights[$0] / model.designWeights[$0] * root[$0] }
                return .regression(basis: Self.orthonormalBasis(of: scaled), scale: scale)
            }
        }
    }

    /// The residuals of `scores` after every calibration step, in order.
    func apply(to scores: [Double]) -> [Double] {
        var x = scores
        let n = x.count
        for step in steps {
            switch step {
            case .cells(let correction):
                correction.apply(to: &x)
            case .regression(let basis, let scale):
                var y = (0..<n).map { x[$0] / scale[$0] }
                for column in basis {
                    var dot = 0.0
                    for row in 0..<n { dot += column[row] * y[row] }
                    for row in 0..<n { y[row] -= dot * column[row] }
                }
                for row in 0..<n { x[row] = y[row] * scale[row] }
            }
        }
        return x
    }

    /// Orthonormal columns spanning `columns`, by modified Gram–Schmidt done twice (which keeps
    /// them orthogonal to working precision); a column that adds no direction (norm below 1e-7
    /// of its own, R's `qr` tolerance) is dropped, as R's pivoting QR leaves it out of the rank.
    static func orthonormalBasis(of columns: [[Double]]) -> [[Double]] {
        var basis: [[Double]] = []
        for column in columns {
            var v = column
            let original = norm(v)
            guard original > 0 else { continue }
            for _ in 0..<2 {
                for q in basis {
                    var dot = 0.0
                    for row in v.indices { dot += q[row] * v[row] }
                    for row in v.indices { v[row] -= dot * q[row] }
                }
            }
            let length = norm(v)
            guard length > 1e-7 * original else { continue }
            basis.append(v.map { $0 / length })
        }
        return basis
    }

    private static func norm(_ v: [Double]) -> Double {
        var sum = 0.0
        for value in v { sum += value * value }
        return sum.squareRoot()
    }
}
