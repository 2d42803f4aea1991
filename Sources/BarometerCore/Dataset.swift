/// A survey export in memory: typed columns, their codebook, and where each row came from.
///
/// Every stage works on this one shape. Rows are respondents; a domain (a subgroup) is a
/// mask over rows, never a copy, so design-based variances see the whole sample.
public struct Dataset: Sendable {
    public private(set) var columns: [Column] = []
    public var codebook: Codebook
    /// The file the rows were read from, for messages about rows found bad later.
    public var sourceFile: String
    /// The 1-based line on which each row starts in `sourceFile`.
    public private(set) var sourceLines: [Int32]
    private var indexByName: [String: Int] = [:]

    public init(sourceFile: String, sourceLines: [Int32], columns: [Column] = [], codebook: Codebook = Codebook()) {
        self.sourceFile = sourceFile
        self.sourceLines = sourceLines
        self.codebook = codebook
        for column in columns { setColumn(column) }
    }

    public var rowCount: Int { sourceLines.count }
    public var columnNames: [String] { columns.map(\.name) }

    public subscript(name: String) -> Column? {
        indexByName[name].map { columns[$0] }
    }

    /// Adds `column`, or replaces the column of the same name.
    public mutating func setColumn(_ column: Column) {
        precondition(column.count == rowCount, "column \(column.name) has \(column.count) rows, dataset \(rowCount)")
        if let index = indexByName[column.name] {
            columns[index] = column
        } else {
            indexByName[column.name] = columns.count
            columns.append(column)
        }
    }

    /// The column called `name`, or a usage error saying who asked for it and what exists.
    public func requireColumn(_ name: String, for purpose: String) throws -> Column {
        if let column = self[name] { return column }
        let near = columnNames.filter { $0.lowercased().hasPrefix(name.prefix(3).lowercased()) }.prefix(5)
        let hint = near.isEmpty ? "" : " (similar: \(near.joined(separator: ", ")))"
        throw BarometerError(
            .usage, "\(purpose) names column '\(name)', which \(sourceFile) does not have\(hint)")
    }

    /// The source location of `row`, optionally pointing at one column.
    public func location(ofRow row: Int, column: String? = nil) -> SourceLocation {
        SourceLocation(
            file: sourceFile, line: Int(sourceLines[row]),
            column: column.flatMap { indexByName[$0] }.map { $0 + 1 })
    }

    /// The rows whose `keep` entry is true, in order.
    public func filtered(_ keep: [Bool]) -> Dataset {
        precondition(keep.count == rowCount)
        return Dataset(
            sourceFile: sourceFile,
            sourceLines: zip(sourceLines, keep).compactMap { $1 ? $0 : nil },
            columns: columns.map { $0.filtered(keep) },
            codebook: codebook)
    }
}
