import BarometerCore
import Foundation

/// Everything one run loads into the results database for its pipeline and wave.
public struct WaveLoad: Sendable {
    /// The run id (its UTC start time, as the output folder is named).
    public var run: String
    public var pipeline: String
    /// The indicator series this pipeline continues across waves (`trend` groups by it).
    public var series: String
    public var wave: String
    public var title: String
    public var started: Date
    public var finished: Date
    public var toolVersion: String
    /// The input files with their sizes and SHA-256, as in the manifest.
    public var inputs: JSONValue
    public var rowsRead: Int
    public var rowsAccepted: Int
    public var rowsRejected: Int
    public var universe: Int
    /// `EstimatesTable`, `ComparisonsTable` (when the pipeline has comparisons) and the one-row
    /// weight diagnostics; their columns are those of the database tables.
    public var estimates: Table
    public var comparisons: Table?
    public var weights: Table
    /// Variable labels (stored with code `""`) and value labels.
    public var codebook: Codebook

    public init(
        run: String, pipeline: String, series: String, wave: String, title: String, started: Date, finished: Date,
        toolVersion: String, inputs: JSONValue, rowsRead: Int, rowsAccepted: Int, rowsRejected: Int, universe: Int,
        estimates: Table, comparisons: Table?, weights: Table, codebook: Codebook
    ) {
        self.run = run
        self.pipeline = pipeline
        self.series = series
        self.wave = wave
        self.title = title
        self.started = started
        self.finished = finished
        self.toolVersion = toolVersion
        self.inputs = inputs
        self.rowsRead = rowsRead
        self.rowsAccepted = rowsAccepted
        self.rowsRejected = rowsRejected
        self.universe = universe
        self.estimates = estimates
        self.comparisons = comparisons
        self.weights = weights
        self.codebook = codebook
    }

    /// The codebook as `variable, code, label` rows; a variable's own label has code `""`.
    public var codebookLabels: Table {
        var table = Table(columns: ["variable", "code", "label"])
        for variable in codebook.variables {
            if let label = variable.label { table.append([.text(variable.name), .text(""), .text(label)]) }
            for value in variable.valueLabels where value.code != "" {
                table.append([.text(variable.name), .text(value.code), .text(value.label)])
            }
        }
        return table
    }
}
