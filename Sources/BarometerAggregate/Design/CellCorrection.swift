import BarometerCore

/// A calibration step whose correction of a score vector x is one multiple of a fixed vector per
/// cell of a few groupings of the rows: x − Σ_g a[cell_g(i)] · b_g(i).
///
/// Post-stratification (one grouping, the post-strata) and raking (one grouping per margin) are
/// of this form, as R's `svyrecvar` computes them. The coefficients are a linear map of the cell
/// sums Σ x(i) · φ_g(i), so a score vector that vanishes outside a domain needs only the domain's
/// rows to find them (see `ElementCovariance`).
///
/// Per-row data is stored row after row, one entry per grouping, so that a pass over some rows
/// reads them together.
struct CellCorrection: Sendable {
    /// Number of groupings (G).
    let groupingCount: Int
    /// Cells of all groupings together; grouping g's cells are `bounds[g]..<bounds[g + 1]`.
    let cellCount: Int
    let bounds: [Int]
    /// The cell of row i in grouping g, counted among all cells: `cells[i * G + g]`.
    let cells: [Int32]
    /// b_g(i): the vector a cell's coefficient multiplies.
    let basis: [Double]
    /// φ_g(i): what a row's score is multiplied by in its cell's sum.
    let functional: [Double]
    /// For raking, `overlap[i * cellCount + k]`: how subtracting cell k's multiple changes cell
    /// i's sum (the mean over cell i's rows of b_k / b_i); nil for post-stratification, whose
    /// coefficients are the cell sums themselves.
    private let overlap: [Double]?

    var rowCount: Int { cells.count / groupingCount }

    /// R's `postStratify`: x − w·m_c, with m_c = Σ_c x·w₀/w / Σ_c w₀ (w₀ the weights before).
    init(postStratification step: Calibration.Cells) {
        let n = step.cellOfRow.count
        var weights = step.weightsAfter
        var sumBefore = [Double](repeating: 0, count: step.cellCount)
        for row in 0..<n {
            // R sets both to 1 where both are 0, so an empty weight cannot divide by zero.
            if weights[row] == 0, step.weightsBefore[row] == 0 { weights[row] = 1 }
            sumBefore[Int(step.cellOfRow[row])] += step.weightsBefore[row]
        }
        groupingCount = 1
        cellCount = step.cellCount
        bounds = [0, step.cellCount]
        cells = step.cellOfRow
        basis = weights
        functional = (0..<n).map { row in step.weightsBefore[row] / weights[row] / sumBefore[Int(step.cellOfRow[row])] }
        overlap = nil
    }

    /// R's `rake`: ten backfitting passes over the margins, each x − w_m·mean_c(x / w_m), with
    /// w_m the weights after margin m's last adjustment, whatever the number of raking iterations
    /// was (R fixes it at ten).
    init(raking margins: [Calibration.Cells]) {
        let n = margins.first?.cellOfRow.count ?? 0
        let g = margins.count
        var bounds = [0]
        for margin in margins { bounds.append(bounds.last! + margin.cellCount) }
        var cells = [Int32](repeating: 0, count: n * g)
        var basis = [Double](repeating: 0, count: n * g)
        var functional = [Double](repeating: 0, count: n * g)
        for (m, margin) in margins.enumerated() {
            var rows = [Double](repeating: 0, count: margin.cellCount)
            for cell in margin.cellOfRow { rows[Int(cell)] += 1 }
            for row in 0..<n {
                let cell = Int(margin.cellOfRow[row])
                cells[row * g + m] = Int32(bounds[m] + cell)
                basis[row * g + m] = margin.weightsAfter[row]
                functional[row * g + m] = 1 / margin.weightsAfter[row] / rows[cell]
            }
        }
        let total = bounds.last!
        var overlap = [Double](repeating: 0, count: total * total)
        for row in 0..<n {
            for m in 0..<g {
                for k in 0..<g {
                    overlap[Int(cells[row * g + m]) * total + Int(cells[row * g + k])] +=
                        basis[row * g + k] * functional[row * g + m]
                }
            }
        }
        self.groupingCount = g
        self.cellCount = total
        self.bounds = bounds
        self.cells = cells
        self.basis = basis
        self.functional = functional
        self.overlap = overlap
    }

    /// The same correction for `rows` only, which become rows 0, 1, … of the result: for a
    /// pass that reads one row per profile, so the per-row arrays need not be kept whole.
    func restricted(to rows: [Int32]) -> CellCorrection {
        let g = groupingCount
        func gather<T>(_ values: [T]) -> [T] { rows.flatMap { row in values[(Int(row) * g)..<(Int(row) * g + g)] } }
        return CellCorrection(
            groupingCount: g, cellCount: cellCount, bounds: bounds, cells: gather(cells), basis: gather(basis),
            functional: gather(functional), overlap: overlap)
    }

    private init(
        groupingCount: Int, cellCount: Int, bounds: [Int], cells: [Int32], basis: [Double], functional: [Double], overlap: [Double]?
    ) {
        (self.groupingCount, self.cellCount, self.bounds) = (groupingCount, cellCount, bounds)
        (self.cells, self.basis, self.functional, self.overlap) = (cells, basis, functional, overlap)
    }

    /// The coefficients a, from the cell sums Σ x·φ (all groupings' cells in a row).
    func coefficients(fromCellSums sums: ArraySlice<Double>) -> [Double] {
        guard let overlap else { return Array(sums) }
        // R's passes subtract a_i · b from the rows of each cell i; only the coefficients need
        // the passes, since each changes the other cells' sums by a known multiple.
        let sums = Array(sums)
        var coefficients = [Double](repeating: 0, count: cellCount)
        for _ in 0..<10 {
            for i in 0..<cellCount {
                var sum = sums[i]
                for k in 0..<cellCount where coefficients[k] != 0 { sum -= overlap[i * cellCount + k] * coefficients[k] }
                coefficients[i] += sum
            }
        }
        return coefficients
    }

    /// The residuals of a whole score vector.
    func apply(to x: inout [Double]) {
        let g = groupingCount
        var sums = [Double](repeating: 0, count: cellCount)
        for row in x.indices where x[row] != 0 {
            for m in 0..<g { sums[Int(cells[row * g + m])] += x[row] * functional[row * g + m] }
        }
        let coefficients = coefficients(fromCellSums: sums[...])
        for row in x.indices {
            for m in 0..<g { x[row] -= coefficients[Int(cells[row * g + m])] * basis[row * g + m] }
        }
    }
}
