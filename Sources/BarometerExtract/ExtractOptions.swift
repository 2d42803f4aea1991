/// What an extractor checks and keeps, beyond what the file itself says.
public struct ExtractOptions: Sendable, Equatable {
    /// The respondent id: a missing or repeated id rejects the row (the first one is kept).
    public var idColumn: String?
    /// Only these columns are kept (all when nil); the rest are skipped without parsing.
    public var columns: Set<String>?
    /// Reject rows whose codes the codebook does not list.
    public var validateCodes: Bool

    public init(idColumn: String? = nil, columns: Set<String>? = nil, validateCodes: Bool = true) {
        self.idColumn = idColumn
        self.columns = columns
        self.validateCodes = validateCodes
    }
}
