import BarometerCore
import BarometerExtract

/// The `input:` section: which export to read and how.
public struct InputSpec: Sendable, Decodable {
    public enum Format: String, Sendable, Decodable, CaseIterable {
        /// A single delimited file.
        case csv
        /// A SurveyXact bundle folder: dataset.csv, structure.csv, labels.csv.
        case surveyxact
    }

    public var format: Format
    /// The file or folder, relative to the pipeline file.
    public var path: String
    public var dialect: CSVDialect
    /// The respondent id column: duplicates and missing ids are rejected.
    public var id: String?

    private enum CodingKeys: String, CodingKey, CaseIterable { case format, path, dialect, id }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(Format.self, forKey: .format)
        path = try container.decode(String.self, forKey: .path)
        dialect = try container.decodeIfPresent(CSVDialect.self, forKey: .dialect) ?? CSVDialect()
        id = try container.decodeIfPresent(String.self, forKey: .id)
    }
}
