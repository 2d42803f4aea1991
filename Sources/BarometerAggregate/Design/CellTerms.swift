import BarometerCore

/// Each row's terms in a post-stratification or raking correction (see `CellCorrection`): its
/// cell, basis b and functional φ in each grouping, worked out from the calibration's arrays
/// when asked for rather than stored.
///
/// Stored, they would be three arrays of rows × groupings (600 MB for ten million rows raked on
/// three margins). The domain path needs them once per profile of rows (see `RowProfiles`),
/// and only the whole-sample path once per row.
struct CellTerms: Sendable {
    /// One grouping: the post-strata, or the levels of one raking margin.
    private struct Grouping: Sendable {
        let cellOfRow: [Int32]
        /// Where the grouping's cells start among all groupings' cells.
        let firstCell: Int
        let weightsAfter: [Double]
        /// The weights before post-stratification; nil for a raking margin, whose functional
        /// does not depend on them.
        let weightsBefore: [Double]?
        /// What a row's functional is divided by, per cell: Σ w₀ over the post-stratum, or the
        /// margin cell's rows.
        let divisor: [Double]
    }

    private let groupings: [Grouping]
    /// Cells of all groupings together; grouping g's cells are `bounds[g]..<bounds[g + 1]`.
    let bounds: [Int]
    /// True for raking, whose coefficients come from backfitting over the margins; false for
    /// post-stratification, whose coefficients are the cell sums themselves.
    let isRaking: Bool
    let rowCount: Int

    var groupingCount: Int { groupings.count }
    var cellCount: Int { bounds.last! }

    /// R's `postStratify`: x − w·m_c, with m_c = Σ_c x·w₀/w / Σ_c w₀ (w₀ the weights before).
    init(postStratification step: Calibration.Cells) {
        var sumBefore = [Double](repeating: 0, count: step.cellCount)
        for (cell, weight) in zip(step.cellOfRow, step.weightsBefore) { sumBefore[Int(cell)] += weight }
        groupings = [
            Grouping(
                cellOfRow: step.cellOfRow, firstCell: 0, weightsAfter: step.weightsAfter, weightsBefore: step.weightsBefore,
                divisor: sumBefore)
        ]
        bounds = [0, step.cellCount]
        isRaking = false
        rowCount = step.cellOfRow.count
    }

    /// R's `rake`: ten backfitting passes over the margins, each x − w_m·mean_c(x / w_m), with
    /// w_m the weights after margin m's last adjustment.
    init(raking margins: [Calibration.Cells]) {
        var bounds = [0]
        groupings = margins.map { margin in
            var rows = [Double](repeating: 0, count: margin.cellCount)
            for cell in margin.cellOfRow { rows[Int(cell)] += 1 }
            bounds.append(bounds.last! + margin.cellCount)
            return Grouping(
                cellOfRow: margin.cellOfRow, firstCell: bounds[bounds.count - 2], weightsAfter: margin.weightsAfter,
                weightsBefore: nil, divisor: rows)
        }
        self.bounds = bounds
        isRaking = true
        rowCount = margins.first?.cellOfRow.count ?? 0
    }

    /// The terms of a calibration made of one post-stratification or one raking; nil for any
    /// other (none, several steps, a regression).
    init?(soleStepOf calibration: Calibration) {
        guard calibration.steps.count == 1 else { return nil }
        switch calibration.steps[0] {
        case .postStratification(let cells): self.init(postStratification: cells)
        case .raking(let margins): self.init(raking: margins)
        case .regression: return nil
        }
    }

    /// The cell of `row` in grouping `g`, counted among all groupings' cells.
    @inline(__always)
    func cell(_ row: Int, _ g: Int) -> Int {
        groupings[g].firstCell + Int(groupings[g].cellOfRow[row])
    }

    /// b_g(row): the vector a cell's coefficient multiplies.
    @inline(__always)
    func basis(_ row: Int, _ g: Int) -> Double {
        let grouping = groupings[g]
        // R sets both weights to 1 where both are 0, so an empty weight cannot divide by zero.
        if let before = grouping.weightsBefore, grouping.weightsAfter[row] == 0, before[row] == 0 { return 1 }
        return grouping.weightsAfter[row]
    }

    /// φ_g(row): what a row's score is multiplied by in its cell's sum.
    @inline(__always)
    func functional(_ row: Int, _ g: Int) -> Double {
        let grouping = groupings[g]
        let divisor = grouping.divisor[Int(grouping.cellOfRow[row])]
        guard let before = grouping.weightsBefore else { return 1 / grouping.weightsAfter[row] / divisor }
        return before[row] / basis(row, g) / divisor
    }

    /// What a row's terms in grouping `g` follow from: two rows with the same have the same cell,
    /// basis and functional there.
    @inline(__always)
    func key(_ row: Int, _ g: Int) -> (cell: Int32, after: UInt64, before: UInt64) {
        let grouping = groupings[g]
        return (grouping.cellOfRow[row], grouping.weightsAfter[row].bitPattern, grouping.weightsBefore?[row].bitPattern ?? 0)
    }
}
