/// The `<record>` of a Triple-S survey: how the data file is laid out and where it is.
public struct TripleSRecordLayout: Sendable, Equatable {
    /// Fixed-width columns (`.asc`, `.dat`, `.txt`) or comma-separated fields.
    public enum Format: String, Sendable, Equatable {
        case fixed, csv
    }

    /// The record's `ident` (a letter in the standard; any text is accepted).
    public var ident: String?
    public var format: Format
    /// Records to skip at the top of the data file (`skip="1"` for a CSV header).
    public var skip: Int
    /// The data file the metadata names (`href`), as written.
    public var href: String?
    /// The `data-file-encoding` extension attribute, as written.
    public var dataFileEncoding: String?

    public init(
        ident: String? = nil, format: Format = .fixed, skip: Int = 0, href: String? = nil,
        dataFileEncoding: String? = nil
    ) {
        self.ident = ident
        self.format = format
        self.skip = skip
        self.href = href
        self.dataFileEncoding = dataFileEncoding
    }
}
