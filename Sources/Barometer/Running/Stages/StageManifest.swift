import BarometerAggregate
import BarometerCore
import BarometerTransform
import Foundation

/// A stage artifact's sidecar, `artifact.json`: the fingerprint the stage ran with, when it
/// ran, rows in and out, and what is needed to read its data back exactly.
///
/// It is written last inside the artifact's folder, which is published with one atomic rename,
/// so a sidecar always describes complete data.
public struct StageManifest: Sendable, Codable {
    public var stage: StageName
    public var tool = "barometer"
    public var version = BarometerVersion.current
    public var fingerprint: StageFingerprint
    /// `fingerprint.sha256`, which the next stage records as its input.
    public var fingerprintSHA256: String
    public var started: String
    public var finished: String
    public var seconds: Double
    public var rowsIn: Int
    public var rowsOut: Int
    /// The data files beside the sidecar.
    public var files: [String]
    /// What the run has gathered so far, carried from stage to stage for the manifest.
    public var facts: RunFacts
    /// For extract and transform: the columns of `dataset.parquet` and the codebook.
    public var dataset: DatasetLayout?
    /// For transform: the weights and design held in the `barometer_*` columns.
    public var design: DesignLayout?
    /// For aggregate: the tables and the figures load and the summary need.
    public var tables: AggregatedTables?
    /// For load: the run it published and the files in it.
    public var publishedRun: String?
    public var publishedFiles: [String]?

    /// Inputs, rows read and rejects, from extract onwards.
    public struct RunFacts: Sendable, Codable {
        public var inputs: [InputFile]
        public var rowsRead: Int
        /// Every row rejected so far (extract's, then transform's).
        public var rejects: [RejectedRow]
    }

    public struct DatasetLayout: Sendable, Codable {
        public struct ColumnLayout: Sendable, Codable {
            public var name: String
            var storage: DatasetParquet.Storage
        }
        /// The export the rows came from; `barometer_line` holds each row's line in it.
        public var sourceFile: String
        /// The dataset's columns, in order; `dataset.parquet` has these, then `barometer_line`,
        /// then `extraColumns` (the transform's weights and design). The transform's has only
        /// the columns it derived: the export's stay in the extract artifact, matched to these
        /// rows by `barometer_line`.
        public var columns: [ColumnLayout]
        public var extraColumns: [ColumnLayout]
        public var codebook: [Variable]
    }

    public struct DesignLayout: Sendable, Codable {
        public var method: String
        public var universeColumn: String
        public var hasStrata: Bool
        public var hasClusters: Bool
        public var hasPopulationSizes: Bool
        /// The calibration steps; their per-row arrays are `barometer_cal<step>_*` columns.
        var calibration: [DesignColumns.CalibrationLayout]?
        /// Design columns not written because an earlier one holds the same values: the name
        /// of each, and of the column to read instead.
        var aliases: [String: String]?
        public var calibrationReport: CalibrationReport?
        public var trimming: TrimmingReport?
        public var notes: [String]
    }

    public struct AggregatedTables: Sendable, Codable {
        public var estimates: [EstimateRow]
        public var comparisons: [ComparisonRow]
        public var rowsAccepted: Int
        public var universeCount: Int
        public var weightingMethod: String
        public var weights: WeightDiagnostics
        public var calibration: CalibrationReport?
        public var trimming: TrimmingReport?
        public var notes: [String]
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}
