/// A rectangular table of output cells, written as CSV and JSON alike.
///
/// Cells are typed so JSON gets numbers where CSV gets text; both use the same round-trip
/// number format, so the two files always agree.
public struct Table: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case integer(Int)
        case boolean(Bool)
        case missing
    }

    public var columns: [String]
    public private(set) var rows: [[Cell]] = []

    public init(columns: [String]) {
        self.columns = columns
    }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row has \(row.count) cells, table \(columns.count) columns")
        rows.append(row)
    }
}

extension Table.Cell {
    /// A number, or `.missing` for NaN (an undefined interval, say).
    public static func real(_ value: Double) -> Table.Cell { value.isNaN ? .missing : .number(value) }
}
