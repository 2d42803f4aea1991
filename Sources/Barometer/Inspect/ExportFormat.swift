import BarometerCore
import BarometerExtract
import Foundation

/// The kinds of export Barometer reads.
public enum ExportFormat: String, Sendable, CaseIterable, Decodable {
    /// A single delimited file.
    case csv
    /// A SurveyXact bundle folder: dataset.csv, structure.csv, labels.csv.
    case surveyxact
    /// Triple-S XML metadata (`.sss`, `.xml`) with its fixed-width or CSV data file.
    case triples = "triple-s"
    /// SpreadsheetML 2003 (the "XML" export of SurveyXact and Excel).
    case spreadsheetml
    /// One XML element per respondent; the element's name is given in the pipeline.
    case xml

    /// The format of `path` from what is on disk: a folder with `structure.csv` is a SurveyXact
    /// bundle, `.csv`/`.txt`/`.tsv` delimited text, `.sss` Triple-S, and an `.xml` file by its
    /// root element (`<sss>` Triple-S, `<Workbook>` SpreadsheetML).
    public static func detect(path: String) throws -> ExportFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BarometerError(.missingInput, "no such file or folder", at: SourceLocation(file: path))
        }
        if isDirectory.boolValue {
            guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("structure.csv")) else {
                throw BarometerError(.usage, "folder is not a SurveyXact bundle (no structure.csv)", at: SourceLocation(file: path))
            }
            return .surveyxact
        }
        switch (path as NSString).pathExtension.lowercased() {
        case "csv", "txt", "tsv", "tab": return .csv
        case "sss": return .triples
        case "xml":
            let head = FileHandle(forReadingAtPath: path)?.readData(ofLength: 4096) ?? Data()
            let text = String(decoding: head.filter { $0 != 0 }, as: UTF8.self)
            if text.contains("<sss") { return .triples }
            if text.contains("<Workbook") { return .spreadsheetml }
            throw BarometerError(
                .usage, "XML that is neither Triple-S nor SpreadsheetML: name it in a pipeline with format xml and its record element",
                at: SourceLocation(file: path))
        default:
            throw BarometerError(.usage, "cannot tell the export format from the file name", at: SourceLocation(file: path))
        }
    }
}

extension InputSpec {
    /// Reads the export at `path` (already resolved), with `dataPath` for a Triple-S data file.
    public func read(path: String, dataPath: String? = nil) throws -> ExtractResult {
        let options = ExtractOptions(idColumn: id)
        let checked = { (result: ExtractResult) in try id.map { try IdentifierCheck(column: $0).apply(to: result) } ?? result }
        switch format {
        case .csv: return try CSVReader(dialect: dialect).read(path: path, options: options)
        case .surveyxact: return try SurveyXactBundleReader(dialect: dialect).read(directory: path, options: options)
        case .triples: return try checked(TripleSReader().read(metadataPath: path, dataPath: dataPath))
        case .spreadsheetml: return try checked(SpreadsheetMLReader(worksheet: worksheet).read(path: path))
        case .xml: return try checked(RecordXMLReader(recordElement: record ?? "").read(path: path))
        }
    }
}
