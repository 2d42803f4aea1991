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
/// The model of a regression step is orthonormalized once, so each score vector costs a few
/// passes over the rows.
struct CalibrationResiduals: Sendable {
    private enum Step: Sendable {
        case postStratification(cellOfRow: [Int32], weights: [Double], weightsBefore: [Double], sumBefore: [Double])
        case raking([(cellOfRow: [Int32], weights: [Double], rowsInCell: [Double])])
        case regression(basis: [[Double]], scale: [Double])
    }

    private let steps: [Step]

    init(_ calibration: Calibration, rowCount: Int) throws {
        var steps: [Step] = []
        func check(_ count: Int) throws {
            guard count == rowCount else {
                throw BarometerError(.failure, "calibration describes \(count) rows but the design has \(rowCount)")
            }
        }
        for step in calibration.steps {
            switch step {
            case .postStratification(let cells):
                try check(cells.cellOfRow.count)
                var weights = cells.weightsAfter
                var sumBefore = [Double](repeating: 0, count: cells.cellCount)
                for row in 0..<rowCount {
                    // R sets both to 1 where both are 0, so an empty weight cannot divide by zero.
                    if weights[row] == 0, cells.weightsBefore[row] == 0 { weights[row] = 1 }
                    sumBefore[Int(cells.cellOfRow[row])] += cells.weightsBefore[row]
                }
                steps.append(
                    .postStratification(
                        cellOfRow: cells.cellOfRow, weights: weights, weightsBefore: cells.weightsBefore, sumBefore: sumBefore))
            case .raking(let margins):
                steps.append(
                    .raking(
                        try margins.map { margin in
                            try check(margin.cellOfRow.count)
                            var rows = [Double](repeating: 0, count: margin.cellCount)
                            for cell in margin.cellOfRow { rows[Int(cell)] += 1 }
                            return (margin.cellOfRow, margin.weightsAfter, rows)
                        }))
            case .regression(let model):
                try check(model.weights.count)
                let root = model.designWeights.map { $0.squareRoot() }
                let scaled = model.columns.map { column in (0..<rowCount).map { column[$0] * root[$0] } }
                let scale = (0..<rowCount).map { model.weights[$0] / model.designWeights[$0] * root[$0] }
                steps.append(.regression(basis: Self.orthonormalBasis(of: scaled), scale: scale))
            }
        }
        self.steps = steps
    }

    /// The residuals of `scores` after every calibration step, in order.
    func apply(to scores: [Double]) -> [Double] {
        var x = scores
        let n = x.count
        for step in steps {
            switch step {
            case .postStratification(let cellOfRow, let weights, let before, let sumBefore):
                var means = [Double](repeating: 0, count: sumBefore.count)
                for row in 0..<n { means[Int(cellOfRow[row])] += x[row] * before[row] / weights[row] }
                for cell in means.indices { means[cell] /= sumBefore[cell] }
                for row in 0..<n { x[row] -= means[Int(cellOfRow[row])] * weights[row] }
            case .raking(let margins):
                for _ in 0..<10 {
                    for margin in margins {
                        var means = [Double](repeating: 0, count: margin.rowsInCell.count)
                        for row in 0..<n { means[Int(margin.cellOfRow[row])] += x[row] / margin.weights[row] }
                        for cell in means.indices { means[cell] /= margin.rowsInCell[cell] }
                        for row in 0..<n { x[row] -= margin.weights[row] * means[Int(margin.cellOfRow[row])] }
                    }
                }
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
