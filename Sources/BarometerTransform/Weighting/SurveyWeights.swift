import BarometerCore

/// Weights and the sample design they come with, ready for design-based estimation.
///
/// Arrays are per row of the dataset they were computed for. `strata` and `clusters` are
/// codes (any Int32); `populationSizes` is the finite population correction as R's
/// `svydesign(fpc=)` takes it: the population count of the row's stratum. Post-stratified and
/// raked weights also carry their `calibration`, which the variance needs, and a report of
/// what the calibration and any trimming did.
public struct SurveyWeights: Sendable, Equatable {
    public var weights: [Double]
    public var strata: [Int32]?
    public var clusters: [Int32]?
    public var populationSizes: [Double]?
    /// One line for the manifest and the report, e.g. "expansion N_h/n_h over 9 strata of stratum".
    public var method: String
    /// How the weights were calibrated, for the variance; nil when they were not.
    public var calibration: Calibration?
    /// Iterations and final cell gaps of the last post-stratification or raking.
    public var calibrationReport: CalibrationReport?
    /// What trimming did, when the weights were trimmed.
    public var trimming: TrimmingReport?
    /// Plain-word statements a reader of the figures must see, e.g. that raking did not converge.
    public var notes: [String]

    public init(
        weights: [Double], strata: [Int32]? = nil, clusters: [Int32]? = nil, populationSizes: [Double]? = nil,
        method: String, calibration: Calibration? = nil, calibrationReport: CalibrationReport? = nil,
        trimming: TrimmingReport? = nil, notes: [String] = []
    ) {
        self.weights = weights
        self.strata = strata
        self.clusters = clusters
        self.populationSizes = populationSizes
        self.method = method
        self.calibration = calibration
        self.calibrationReport = calibrationReport
        self.trimming = trimming
        self.notes = notes
    }

    /// The same design with `step` added to the calibration.
    func appending(_ step: Calibration.Step) -> Calibration {
        Calibration(steps: (calibration?.steps ?? []) + [step])
    }

    /// Fails at the first weight that is not a positive finite number: calibration divides by
    /// weights and would spread a bad one over its whole cell.
    func checkPositive(in dataset: Dataset, purpose: String) throws {
        for row in weights.indices where !(weights[row] > 0 && weights[row].isFinite) {
            let found = weights[row].isNaN ? "a missing weight" : "weight \(NumberFormat.roundTrip(weights[row]))"
            throw BarometerError(
                .badData, "\(purpose) needs positive starting weights, but this row has \(found)",
                at: row < dataset.rowCount ? dataset.location(ofRow: row) : nil)
        }
    }
}
