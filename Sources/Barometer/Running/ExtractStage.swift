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

    /// The files this stage reads, hashed (see `InputFile` for when a `known` hash is reused).
    public func inputFiles(known: [InputFile] = []) throws -> [InputFile] {
        try inputPaths().map { try InputFile(role: $0.role, path: $0.path, known: known) }
    }

    /// The files this stage reads, by role (`data`, `structure`, `labels`, `metadata`).
    func inputPaths() throws -> [(role: String, path: String)] {
        switch input.format {
        case .csv, .spreadsheetml, .xml:
            return [("data", path)]
        case .surveyxact:
            return [("data", "dataset.csv"), ("structure", "structure.csv"), ("labels", "labels.csv")].map {
                ($0.0, (path as NSString).appendingPathComponent($0.1))
            }
        case .triples:
            try InputFile.requireReadable(role: "metadata", path: path)
            let data = try dataPath ?? TripleSReader().locateDataFile(TripleSReader().readMetadata(path: path))
            return [("metadata", path), ("data", data)]
        }
    }

    public func run() throws -> ExtractResult {
        try input.read(path: path, dataPath: dataPath)
    }
}
