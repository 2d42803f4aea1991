import BarometerCore

/// What a delimited file's header line says: the columns, which of them are kept and how each
/// kept one is typed and checked.
///
/// Read once, before the rows, and shared by every chunk of the rows read in parallel.
struct CSVLayout: Sendable {
    let sourceName: String
    let names: [String]
    /// The header ends with a delimiter, so rows may too.
    let tolerateTrailingDelimiter: Bool
    /// For each field of a record, the column it goes to (-1: skipped).
    let builderOfField: [Int]
    /// For each kept column, the field it comes from.
    let fieldOfBuilder: [Int]
    /// The kept columns: name, kind and allowed codes.
    private let columns: [(name: String, kind: ColumnBuilder.Kind, allowed: Set<Int32>?)]
    /// The field holding the respondent id.
    let idField: Int?

    /// Reads the header from `scanner` (or, without one, names the columns `column1`… and
    /// rewinds), leaving the scanner at the first row.
    init(
        scanner: inout CSVRecordScanner, sourceName: String, hasHeader: Bool, codebook: Codebook, options: ExtractOptions
    ) throws {
        self.sourceName = sourceName
        var fields: [CSVRecordScanner.Field] = []
        guard let header = scanner.next(into: &fields) else {
            throw BarometerError(.badData, "the file is empty (expected a header line)", at: SourceLocation(file: sourceName, line: 1))
        }
        var names: [String]
        var tolerateTrailingDelimiter = false
        if hasHeader {
            names = fields.map { scanner.value(of: $0).trimmingCharacters(in: .whitespaces) }
            if names.count > 1, names.last == "" {
                names.removeLast()
                tolerateTrailingDelimiter = true
            }
            var seen: [String: Int] = [:]
            for (index, name) in names.enumerated() {
                let location = SourceLocation(file: sourceName, line: header.line, column: index + 1)
                guard !name.isEmpty else { throw BarometerError(.badData, "column \(index + 1) of the header has no name", at: location) }
                if let first = seen[name] {
                    throw BarometerError(.badData, "column name '\(name)' appears twice (columns \(first + 1) and \(index + 1))", at: location)
                }
                seen[name] = index
            }
        } else {
            names = (1...fields.count).map { "column\($0)" }
            scanner.seek(to: 0, line: 1)
        }
        for name in [options.idColumn].compactMap({ $0 }) + (options.columns?.sorted() ?? []) where !names.contains(name) {
            throw BarometerError(
                .usage, "the pipeline names column '\(name)', which the header does not have", at: SourceLocation(file: sourceName, line: 1))
        }
        var builderOfField: [Int] = []
        var columns: [(name: String, kind: ColumnBuilder.Kind, allowed: Set<Int32>?)] = []
        for name in names {
            guard options.columns?.contains(name) ?? true || name == options.idColumn else {
                builderOfField.append(-1)
                continue
            }
            builderOfField.append(columns.count)
            let variable = codebook[name]
            let kind: ColumnBuilder.Kind =
                switch variable?.kind {
                case .single, .multipleOption, .quantity: .numeric
                case .text: .text
                case .other, nil: .inferred
                }
            columns.append((name, kind, options.validateCodes ? Self.allowedCodes(variable) : nil))
        }
        self.names = names
        self.tolerateTrailingDelimiter = tolerateTrailingDelimiter
        self.builderOfField = builderOfField
        fieldOfBuilder = builderOfField.indices.filter { builderOfField[$0] >= 0 }
        self.columns = columns
        idField = options.idColumn.flatMap { names.firstIndex(of: $0) }
    }

    /// The codes a coded variable may hold: its labelled codes (and 0/1 for multi-select options).
    private static func allowedCodes(_ variable: Variable?) -> Set<Int32>? {
        guard let variable, variable.kind == .single || variable.kind == .multipleOption else { return nil }
        var codes = Set(variable.valueLabels.compactMap { Int32($0.code) })
        if variable.kind == .multipleOption { codes.formUnion([0, 1]) }
        return codes.isEmpty ? nil : codes
    }

    /// Empty builders for the kept columns, each with room for `rows`.
    func makeBuilders(capacity rows: Int) -> [ColumnBuilder] {
        columns.map { ColumnBuilder(name: $0.name, kind: $0.kind, allowedCodes: $0.allowed, capacity: rows) }
    }
}
