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
/// weights per cell), so the work that does not depend on the scores is done once: the
/// regression model is orthonormalized, and the raking backfitting runs on one coefficient per
/// margin cell with the cells' overlaps precomputed. A score vector then costs a few passes over
/// the rows instead of twenty per margin.
struct CalibrationResiduals: Sendable {
    private enum Step: Sendable {
        case postStratification(cellOfRow: [Int32], weights: [Double], weightsBefore: [Double], sumBefore: [Double])
        /// Margins with their cells numbered consecutively (margin m's cells start at
        /// `offsets[m]`), and `overlap[i][k]`: the mean over the rows of cell i of
        /// (w_k / w_i) where the row is in cell k, which is how subtracting a multiple of cell
        /// k's weights changes cell i's mean of x/w.
        case raking(
            margins: [(cellOfRow: [Int32], weights: [Double], rowsInCell: [Double])], offsets: [Int],
            overlap: [[Double]])
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
                        cellOfRow: cells.cellOfRow, weights: weights, weightsBefore: cells.weightsBefore,
                        sumBefore: sumBefore))
            case .raking(let margins):
                let prepared = try margins.map { margin in
                    try check(margin.cellOfRow.count)
                    var rows = [Double](repeating: 0, count: margin.cellCount)
                    for cell in margin.cellOfRow { rows[Int(cell)] += 1 }
                    return (cellOfRow: margin.cellOfRow, weights: margin.weightsAfter, rowsInCell: rows)
                }
                var offsets = [0]
                for margin in margins { offsets.append(offsets.last! + margin.cellCount) }
                let cells = offsets.last!
                var overlap = [[Double]](repeating: [Double](repeating: 0, count: cells), count: cells)
                for (m, margin) in prepared.enumerated() {
                    for (k, other) in prepared.enumerated() {
                        for row in 0..<rowCount {
                            let i = offsets[m] + Int(margin.cellOfRow[row])
                            overlap[i][offsets[k] + Int(other.cellOfRow[row])] +=
                                other.weights[row] / margin.weights[row]
                        }
                    }
                    for cell in 0..<margin.rowsInCell.count {
                        let i = offsets[m] + cell
                        for k in 0..<cells { overlap[i][k] /= margin.rowsInCell[cell] }
                    }
                }
                steps.append(.raking(margins: prepared, offsets: offsets, overlap: overlap))
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
            case .raking(let margins, let offsets, let overlap):
                // Cell means of x/w for the scores as given; R's passes then subtract
                // a_i · w_m from the rows of each cell i, and only the coefficients a need passes.
                var given = [Double](repeating: 0, count: offsets.last!)
                for (m, margin) in margins.enumerated() {
                    for row in 0..<n { given[offsets[m] + Int(margin.cellOfRow[row])] += x[row] / margin.weights[row] }
                    for cell in 0..<margin.rowsInCell.count { given[offsets[m] + cell] /= margin.rowsInCell[cell] }
                }
                var coefficients = [Double](repeating: 0, count: given.count)
                for _ in 0..<10 {
                    for m in margins.indices {
                        for i in offsets[m]..<offsets[m + 1] {
                            var mean = given[i]
                            for k in coefficients.indices where coefficients[k] != 0 {
                                mean -= overlap[i][k] * coefficients[k]
                            }
                            coefficients[i] += mean
                        }
                    }
                }
                for (m, margin) in margins.enumerated() {
                    for row in 0..<n {
                        x[row] -= coefficients[offsets[m] + Int(margin.cellOfRow[row])] * margin.weights[row]
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
