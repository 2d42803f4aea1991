/// How survey weights were calibrated to population counts, kept so that a linearized variance
/// can use the residuals of the calibration instead of the raw scores.
///
/// This is what R's survey package keeps in a design's `postStrata`: the transform stage fills
/// it in when it post-stratifies, rakes or calibrates, and the aggregate stage's `SurveyDesign`
/// applies it to every score vector before summing per PSU. Arrays are per row of the dataset
/// the weights belong to. Steps apply in order, as R applies a design's post-strata.
public struct Calibration: Sendable, Equatable {
    /// Rows grouped into cells (post-strata, or the levels of one raking margin), with the
    /// weights before and after they were adjusted to the cells' population counts.
    public struct Cells: Sendable, Equatable {
        /// The cell of each row, 0..<cellCount.
        public var cellOfRow: [Int32]
        public var cellCount: Int
        /// Weights before the adjustment (R's `oldweights` attribute).
        public var weightsBefore: [Double]
        /// Weights right after the adjustment (R's `weights` attribute). For a raking margin,
        /// those after its adjustment in the last pass, which differ from the final weights
        /// until the raking has converged.
        public var weightsAfter: [Double]

        public init(cellOfRow: [Int32], cellCount: Int, weightsBefore: [Double], weightsAfter: [Double]) {
            precondition(cellOfRow.count == weightsBefore.count && cellOfRow.count == weightsAfter.count)
            self.cellOfRow = cellOfRow
            self.cellCount = cellCount
            self.weightsBefore = weightsBefore
            self.weightsAfter = weightsAfter
        }
    }

    /// A calibration to a linear model: R's `calibrate()` (e.g. `calfun = "raking"`).
    public struct Regression: Sendable, Equatable {
        /// The model matrix, one column (of every row) per term, intercept included.
        public var columns: [[Double]]
        /// The weights the calibration started from (R's `weights(design)` before it).
        public var designWeights: [Double]
        /// The calibrated weights; their ratio to `designWeights` is R's g-weight.
        public var weights: [Double]

        public init(columns: [[Double]], designWeights: [Double], weights: [Double]) {
            precondition(designWeights.count == weights.count && columns.allSatisfy { $0.count == weights.count })
            self.columns = columns
            self.designWeights = designWeights
            self.weights = weights
        }
    }

    public enum Step: Sendable, Equatable {
        /// R's `postStratify`: scores lose their post-stratum means.
        case postStratification(Cells)
        /// R's `rake`: the margins in raking order; the variance backfits over them ten times.
        case raking([Cells])
        /// R's `calibrate`: scores are replaced by their weighted least-squares residuals.
        case regression(Regression)
    }

    public var steps: [Step]

    public init(steps: [Step]) {
        self.steps = steps
    }
}
