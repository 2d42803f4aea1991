import BarometerCore
import BarometerExtract
import Foundation

/// The kinds of export Barometer reads, told apart by what is on disk.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv
    case surveyxact

    /// The format of `path`: a folder holding `structure.csv` is a SurveyXact bundle, a file
    /// ending in `.csv`, `.txt` or `.tsv` is delimited text.
    public static func detect(path: String) throws -> ExportFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BarometerError(.missingInput, "no such file or folder", at: SourceLocation(file: path))
        }
        if isDirectory.boolValue {
            guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("structure.csv")) else {
                throw BarometerError(
                    .usage, "folder is not a SurveyXact bundle (no structure.csv)", at: SourceLocation(file: path))
            }
            return .surveyxact
        }
        switch (path as NSString).pathExtension.lowercased() {
        case "csv", "txt", "tsv", "tab": return .csv
        default:
            throw BarometerError(.usage, "cannot tell the export format from the file name", at: SourceLocation(file: path))
        }
    }

    /// Reads the export at `path` whole.
    public func read(path: String, dialect: CSVDialect = CSVDialect(), options: ExtractOptions = ExtractOptions()) throws
        -> ExtractResult
    {
        switch self {
        case .csv: try CSVReader(dialect: dialect).read(path: path, options: options)
        case .surveyxact: try SurveyXactBundleReader(dialect: dialect).read(directory: path, options: options)
        }
    }
}
