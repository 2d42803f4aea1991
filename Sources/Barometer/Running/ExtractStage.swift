import BarometerCore
import BarometerExtract
import Foundation

/// Reads the pipeline's input export into a dataset, with its rejects.
public struct ExtractStage: Sendable {
    public var input: InputSpec
    /// The input path, already resolved.
    public var path: String
    /// The Triple-S data file, already resolved, when the pipeline names one.
    public var dataPath: String?

    public init(input: InputSpec, path: String, dataPath: String? = nil) {
        self.input = input
        self.path = path
        self.dataPath = dataPath
    }

    /// The files this stage reads, hashed before it reads them (see `InputFile` for when a
    /// `known` hash is reused).
    public func inputFiles(known: [InputFile] = []) throws -> [InputFile] {
        switch input.format {
        case .csv, .spreadsheetml, .xml:
            return [try InputFile(role: "data", path: path, known: known)]
        case .surveyxact:
            return try [("data", "dataset.csv"), ("structure", "structure.csv"), ("labels", "labels.csv")].map {
                try InputFile(role: $0.0, path: (path as NSString).appendingPathComponent($0.1), known: known)
            }
        case .triples:
            let metadata = try InputFile(role: "metadata", path: path, known: known)
            let data = try dataPath ?? TripleSReader().locateDataFile(TripleSReader().readMetadata(path: path))
            return [metadata, try InputFile(role: "data", path: data, known: known)]
        }
    }

    public func run() throws -> ExtractResult {
        try input.read(path: path, dataPath: dataPath)
    }
}
