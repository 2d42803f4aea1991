import BarometerCore

/// Population counts for the cells of one or more variables: a raking margin (`region;N`) or
/// the joint cells of a post-stratification (`sektor;stoerrelse;N`).
///
/// Cells are code tuples, one code per variable, kept in the order of the frame file so that
/// messages and diagnostics list them as the file does.
public struct CellFrame: Sendable, Equatable {
    public var variables: [String]
    public var cells: [[Int32]]
    public var counts: [Double]
    /// The file the counts came from, for messages.
    public var source: String
    /// The line of each cell in `source`, when read from a file.
    public var lines: [Int]?

    /// Counts given in code; `cells[i]` has one code per variable.
    public init(variables: [String], cells: [[Int32]], counts: [Double], source: String, lines: [Int]? = nil) throws {
        precondition(cells.count == counts.count && cells.allSatisfy { $0.count == variables.count })
        self.variables = variables
        self.cells = cells
        self.counts = counts
        self.source = source
        self.lines = lines
        var seen = Set<[Int32]>()
        for index in cells.indices {
            let at = lines.map { SourceLocation(file: source, line: $0[index]) } ?? SourceLocation(file: source)
            guard counts[index].isFinite, counts[index] > 0 else {
                throw BarometerError(
                    .badData,
                    "population count of cell \(label(of: cells[index])) must be a positive number, found \(NumberFormat.roundTrip(counts[index]))",
                    at: at)
            }
            guard seen.insert(cells[index]).inserted else {
                throw BarometerError(.badData, "cell \(label(of: cells[index])) appears twice in the frame", at: at)
            }
        }
    }

    /// Reads the counts from the columns `variables` and `populationColumn` of a frame dataset.
    ///
    /// A missing code, a repeated cell, or a count that is missing, zero or negative is an error
    /// at its line: a frame is small and must be right before any weighting starts.
    public init(dataset: Dataset, variables: [String], populationColumn: String) throws {
        let codes = try variables.map { try dataset.requireColumn($0, for: "the population frame's cells") }
        let sizes = try dataset.requireColumn(populationColumn, for: "the population frame's count")
        var cells: [[Int32]] = []
        var counts: [Double] = []
        var lines: [Int] = []
        for row in 0..<dataset.rowCount {
            var cell: [Int32] = []
            for (variable, column) in zip(variables, codes) {
                guard let code = column.code(at: row) else {
                    throw BarometerError(
                        .badData, "\(variable) is missing or not a whole-number code, found '\(column.text(at: row))'",
                        at: dataset.location(ofRow: row, column: variable))
                }
                cell.append(code)
            }
            guard let size = sizes.number(at: row) else {
                throw BarometerError(
                    .badData,
                    "population count of cell \(cell.map(String.init).joined(separator: ":")) is missing, found '\(sizes.text(at: row))'",
                    at: dataset.location(ofRow: row, column: populationColumn))
            }
            cells.append(cell)
            counts.append(size)
            lines.append(dataset.location(ofRow: row).line ?? 0)
        }
        try self.init(variables: variables, cells: cells, counts: counts, source: dataset.sourceFile, lines: lines)
    }

    /// The population total of the frame.
    public var total: Double { counts.reduce(0, +) }

    /// `variables` joined by ":", the name a margin goes by in messages and diagnostics.
    public var name: String { variables.joined(separator: ":") }

    /// `sektor=2, stoerrelse=3`, the way a message names a cell.
    public func label(of cell: [Int32]) -> String {
        zip(variables, cell).map { "\($0)=\($1)" }.joined(separator: ", ")
    }
}
