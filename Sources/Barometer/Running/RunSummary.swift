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
    public var outputDirectory: String
    public var outputFiles: [String]
}
