/// An input row that was not accepted, with enough to find and fix it.
///
/// Rejected rows are never dropped silently: every stage that rejects one adds it to the
/// run's rejects table, and `rows read = rows accepted + rows rejected` holds for each input.
public struct RejectedRow: Hashable, Sendable, Codable {
    /// File, line and (when one field is at fault) the 1-based column.
    public var location: SourceLocation
    /// The variable at fault, when there is one.
    public var variable: String?
    /// What was expected, in words a data manager understands.
    public var reason: String
    /// The row as it stood in the file (decoded to UTF-8, without its line ending).
    public var raw: String

    public init(location: SourceLocation, variable: String? = nil, reason: String, raw: String) {
        self.location = location
        self.variable = variable
        self.reason = reason
        self.raw = raw
    }
}
