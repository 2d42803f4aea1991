import BarometerCore

/// Post-stratification: starting weights scaled in each cell (the joint cells of one or more
/// variables) so that they add up to the cell's population count, as R's `postStratify`.
///
/// The weight of a respondent in cell c becomes w · N_c / Σ_c w. The calibration is kept so the
/// variance takes the post-stratified residuals, as R's does.
public struct PostStratifiedWeights: CalibratingMethod {
    public var start: any WeightingMethod
    /// Population counts of the cells; its variables are the post-stratification variables.
    public var frame: CellFrame
    /// Groups of frame cells merged into one post-stratum, e.g. `[[[2, 3], [2, 2]]]`.
    public var collapse: [[[Int32]]]

    public init(start: any WeightingMethod = EqualWeights(), frame: CellFrame, collapse: [[[Int32]]] = []) {
        self.start = start
        self.frame = frame
        self.collapse = collapse
    }

    public func problems(in dataset: Dataset) throws -> [RowProblem] {
        try problems(in: dataset, cellVariables: frame.variables)
    }

    public func calibrate(_ start: SurveyWeights, in dataset: Dataset) throws -> SurveyWeights {
        let cells = try CellAssignment(dataset: dataset, frame: frame, collapse: collapse)
        try start.checkPositive(in: dataset, purpose: "post-stratification")
        let totals = cells.totals(of: start.weights)
        let factors = (0..<cells.cellCount).map { cells.targets[$0] / totals[$0] }
        var result = start
        for row in result.weights.indices { result.weights[row] *= factors[Int(cells.cellOfRow[row])] }
        result.calibration = start.appending(
            .postStratification(
                Calibration.Cells(
                    cellOfRow: cells.cellOfRow, cellCount: cells.cellCount, weightsBefore: start.weights,
                    weightsAfter: result.weights)))
        result.calibrationReport = CalibrationReport(
            kind: .poststratify, iterations: 1, converged: true, tolerance: 0, cells: cells.gaps(at: result.weights))
        result.method =
            "post-stratified to \(cells.cellCount) cells of \(frame.variables.joined(separator: " x ")) from \(start.method)"
        return result
    }
}
