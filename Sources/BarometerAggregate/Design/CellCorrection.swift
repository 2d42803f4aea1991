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

    /// The correction described by `terms`, for `rows` (all when nil), which become rows
    /// 0, 1, … of the result; each stands for `counts[j]` rows alike (1 when nil) in the
    /// overlap sums. For the domain path, `rows` are one row per profile (see `RowProfiles`),
    /// so the per-row arrays are never made for the whole sample.
    init(_ terms: CellTerms, rows: [Int32]? = nil, counts: [Double]? = nil) {
        let g = terms.groupingCount
        let n = rows?.count ?? terms.rowCount
        var cells = [Int32](repeating: 0, count: n * g)
        var basis = [Double](repeating: 0, count: n * g)
        var functional = [Double](repeating: 0, count: n * g)
        for j in 0..<n {
            let row = rows.map { Int($0[j]) } ?? j
            for m in 0..<g {
                cells[j * g + m] = Int32(terms.cell(row, m))
                basis[j * g + m] = terms.basis(row, m)
                functional[j * g + m] = terms.functional(row, m)
            }
        }
        let total = terms.cellCount
        var overlap: [Double]?
        if terms.isRaking {
            // Rows alike add count × one product: their sum, up to rounding.
            var sums = [Double](repeating: 0, count: total * total)
            for j in 0..<n {
                let count = counts?[j] ?? 1
                for m in 0..<g {
                    for k in 0..<g {
                        let (i, l) = (Int(cells[j * g + m]), Int(cells[j * g + k]))
                        sums[i * total + l] += count * (basis[j * g + k] * functional[j * g + m])
                    }
                }
            }
            overlap = sums
        }
        (groupingCount, cellCount, bounds) = (g, total, terms.bounds)
        (self.cells, self.basis, self.functional, self.overlap) = (cells, basis, functional, overlap)
    }

    /// The coefficients of each of `statistics` score vectors, from their cell sums, one
    /// vector's after another's, as they come: all the cells' coefficients of the first, then
    /// of the second, and so on.
    func coefficients(fromCellSums sums: [Double], statistics: Int) -> [Double] {
        (0..<statistics).flatMap { a in coefficients(fromCellSums: sums[(a * cellCount)..<((a + 1) * cellCount)]) }
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
