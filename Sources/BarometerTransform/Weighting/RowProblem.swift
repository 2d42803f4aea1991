/// A row that a transform step cannot use, found before any weight is computed.
public struct RowProblem: Sendable, Equatable {
    public var row: Int
    public var variable: String
    public var reason: String

    public init(row: Int, variable: String, reason: String) {
        self.row = row
        self.variable = variable
        self.reason = reason
    }
}
