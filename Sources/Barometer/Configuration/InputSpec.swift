import BarometerCore
import BarometerExtract

/// The `input:` section: which export to read and how.
public struct InputSpec: Sendable, Decodable {
    public var format: ExportFormat
    /// The file or folder, relative to the pipeline file. For Triple-S, the metadata file.
    public var path: String
    /// For Triple-S: the data file, when it is not the one the metadata names.
    public var data: String?
    public var dialect: CSVDialect
    /// For record XML: the element that holds one respondent.
    public var record: String?
    /// For SpreadsheetML: the worksheet to read (the first when not given).
    public var worksheet: String?
    /// The respondent id column: duplicates and missing ids are rejected.
    public var id: String?

    public init(format: ExportFormat, path: String, dialect: CSVDialect = CSVDialect(), record: String? = nil, id: String? = nil) {
        self.format = format
        self.path = path
        self.dialect = dialect
        self.record = record
        self.id = id
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case format, path, data, dialect, record, worksheet, id }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(ExportFormat.self, forKey: .format)
        path = try container.decode(String.self, forKey: .path)
        data = try container.decodeIfPresent(String.self, forKey: .data)
        dialect = try container.decodeIfPresent(CSVDialect.self, forKey: .dialect) ?? CSVDialect()
        record = try container.decodeIfPresent(String.self, forKey: .record)
        worksheet = try container.decodeIfPresent(String.self, forKey: .worksheet)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        if format == .xml, record == nil {
            throw DecodingError.keyNotFound(
                CodingKeys.record,
                .init(codingPath: decoder.codingPath, debugDescription: "record XML needs the name of the record element"))
        }
    }
}
