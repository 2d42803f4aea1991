import BarometerAggregate
import BarometerTransform

/// What a finished run reports: counts, the headline figure, and where the outputs went.
public struct RunSummary: Sendable {
    public var pipeline: String
    public var title: String
    public var rowsRead: Int
    public var rowsAccepted: Int
    public var rowsRejected: Int
    public var universeCount: Int
    public var headline: EstimateRow?
    public var weights: WeightDiagnostics
    /// Iterations and final gap of a post-stratification or raking, if the run had one.
    public var calibration: CalibrationReport?
    public var trimming: TrimmingReport?
    /// Plain-word warnings about the weights, printed with the summary.
    public var weightNotes: [String]
    public var outputDirectory: String
    public var outputFiles: [String]
    /// What this run did with each stage.
    public var stages: [StageOutcome] = []
}
