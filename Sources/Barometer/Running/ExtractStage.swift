import BarometerCore
import BarometerExtract
import Foundation

/// Reads the pipeline's input export into a dataset, with its rejects.
public struct ExtractStage: Sendable {
    public var input: InputSpec
    /// The input path, already resolved.
    public var path: String

    public init(input: InputSpec, path: String) {
        self.input = input
        self.path = path
    }

    /// The files this stage reads, hashed before it reads them.
    public func inputFiles() throws -> [InputFile] {
        switch input.format {
        case .csv:
            return [try InputFile(role: "data", path: path)]
        case .surveyxact:
            return try [("data", "dataset.csv"), ("structure", "structure.csv"), ("labels", "labels.csv")].map {
                try InputFile(role: $0.0, path: (path as NSString).appendingPathComponent($0.1))
            }
        }
    }

    public func run() throws -> ExtractResult {
        let options = ExtractOptions(idColumn: input.id)
        switch input.format {
        case .csv:
            return try CSVReader(dialect: input.dialect).read(path: path, options: options)
        case .surveyxact:
            return try SurveyXactBundleReader(dialect: input.dialect).read(directory: path, options: options)
        }
    }
}
