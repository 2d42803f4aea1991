import BarometerCore

/// What a Triple-S metadata file (`.sss`, versions 1.2 and 2.0) says about a survey: the
/// record layout, the variables, and the codebook of the columns they become.
///
/// Get one from `TripleSReader.readMetadata(path:)`; hand it to
/// `TripleSReader.read(metadata:dataPath:)` to read the data without parsing it again.
public struct TripleSMetadata: Sendable {
    /// The metadata file, as given.
    public var path: String
    /// The `<sss version>` (`"1.2"`, `"2.0"`).
    public var version: String?
    /// The survey's `<name>` and `<title>`.
    public var surveyName: String?
    public var title: String?
    /// The encoding the XML declaration names; the data file's default encoding.
    public var declaredEncoding: String?
    public var record: TripleSRecordLayout
    /// The variables in metadata order.
    public var variables: [TripleSVariable]
    /// One entry per dataset column (multiples expanded to one 0/1 option per column).
    public var codebook: Codebook
    /// Where the document breaks the Triple-S DTD (`TripleSDTD`); empty when it conforms.
    public var conformance: [ExtractWarning] = []

    public init(
        path: String, version: String? = nil, surveyName: String? = nil, title: String? = nil,
        declaredEncoding: String? = nil, record: TripleSRecordLayout, variables: [TripleSVariable],
        codebook: Codebook
    ) {
        self.path = path
        self.version = version
        self.surveyName = surveyName
        self.title = title
        self.declaredEncoding = declaredEncoding
        self.record = record
        self.variables = variables
        self.codebook = codebook
    }

    /// The `use="serial"` variable (the respondent id), if any.
    public var serialVariable: String? { variables.first { $0.use == .serial }?.name }

    /// The `use="weight"` variable, if any.
    public var weightVariable: String? { variables.first { $0.use == .weight }?.name }

    /// The variable called `name`.
    public subscript(name: String) -> TripleSVariable? { variables.first { $0.name == name } }
}
