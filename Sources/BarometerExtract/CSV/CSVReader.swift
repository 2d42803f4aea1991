import BarometerCore

/// Reads a delimited export into typed columns, rejecting the rows it cannot use.
///
/// The file is decoded to UTF-8 once, then scanned in one pass: each kept cell is parsed from
/// its bytes straight into its column's typed array. Column types come from the codebook when
/// one is given (a numeric variable holding text rejects the row), otherwise from the data
/// (a column is integer, then real, then text as its cells require).
///
/// Rejected rows: a wrong number of fields, a quoted field the file ends inside, text after a
/// closing quote, text in a numeric variable, a code the codebook does not list, a missing or
/// repeated id. `rowsRead == accepted + rejected` always.
public struct CSVReader: Sendable {
    public var dialect: CSVDialect

    public init(dialect: CSVDialect = CSVDialect()) {
        self.dialect = dialect
    }

    public func read(path: String, codebook: Codebook? = nil, options: ExtractOptions = ExtractOptions()) throws
        -> ExtractResult
    {
        let text = try DecodedText(path: path, encoding: dialect.encoding)
        return try read(utf8: text.bytes, sourceName: path, codebook: codebook, options: options)
    }

    /// Reads `bytes` as if they were the file `sourceName` (decoding them per the dialect).
    public func read(bytes: [UInt8], sourceName: String, codebook: Codebook? = nil, options: ExtractOptions = ExtractOptions())
        throws -> ExtractResult
    {
        let text = try DecodedText(bytes: bytes, encoding: dialect.encoding, sourceName: sourceName)
        return try read(utf8: text.bytes, sourceName: sourceName, codebook: codebook, options: options)
    }

    func read(utf8: [UInt8], sourceName: String, codebook: Codebook?, options: ExtractOptions) throws -> ExtractResult {
        try utf8.withUnsafeBufferPointer { buffer in
            let delimiter = dialect.resolvedDelimiter(for: UnsafeRawBufferPointer(buffer))
            var parse = CSVParse(
                scanner: CSVRecordScanner(text: buffer, delimiter: delimiter), sourceName: sourceName,
                parser: NumberParser(acceptsComma: dialect.acceptsComma(delimiter: delimiter)),
                estimatedRows: max(16, buffer.count / 64))
            try parse.readHeader(hasHeader: dialect.header, codebook: codebook ?? Codebook(), options: options)
            try parse.readRows(options: options)
            return parse.result(codebook: codebook ?? Codebook())
        }
    }
}

/// The state of one pass over a delimited text; `CSVReader` is its only user.
private struct CSVParse {
    var scanner: CSVRecordScanner
    let sourceName: String
    let parser: NumberParser
    let estimatedRows: Int

    var names: [String] = []
    var tolerateTrailingDelimiter = false
    /// For each field of a record, the builder it goes to (-1: skipped).
    var builderOfField: [Int] = []
    var builders: [ColumnBuilder] = []
    /// Builders that turned to text and are refilled after the pass.
    var needsRefill: [Bool] = []
    var idField: Int?
    var rowsRead = 0
    var acceptedStarts: [Int] = []
    var acceptedLines: [Int32] = []
    var rejects: [RejectedRow] = []
    var fields: [CSVRecordScanner.Field] = []

    init(scanner: CSVRecordScanner, sourceName: String, parser: NumberParser, estimatedRows: Int) {
        self.scanner = scanner
        self.sourceName = sourceName
        self.parser = parser
        self.estimatedRows = estimatedRows
    }

    mutating func readHeader(hasHeader: Bool, codebook: Codebook, options: ExtractOptions) throws {
        guard let header = scanner.next(into: &fields) else {
            throw BarometerError(.badData, "the file is empty (expected a header line)", at: SourceLocation(file: sourceName, line: 1))
        }
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
        idField = options.idColumn.flatMap { names.firstIndex(of: $0) }
        for name in names {
            guard options.columns?.contains(name) ?? true || name == options.idColumn else {
                builderOfField.append(-1)
                continue
            }
            builderOfField.append(builders.count)
            let variable = codebook[name]
            let kind: ColumnBuilder.Kind =
                switch variable?.kind {
                case .single, .multipleOption, .quantity: .numeric
                case .text: .text
                case .other, nil: .inferred
                }
            builders.append(
                ColumnBuilder(
                    name: name, kind: kind, allowedCodes: options.validateCodes ? Self.allowedCodes(variable) : nil,
                    capacity: estimatedRows))
        }
        needsRefill = [Bool](repeating: false, count: builders.count)
    }

    /// The codes a coded variable may hold: its labelled codes (and 0/1 for multi-select options).
    static func allowedCodes(_ variable: Variable?) -> Set<Int32>? {
        guard let variable, variable.kind == .single || variable.kind == .multipleOption else { return nil }
        var codes = Set(variable.valueLabels.compactMap { Int32($0.code) })
        if variable.kind == .multipleOption { codes.formUnion([0, 1]) }
        return codes.isEmpty ? nil : codes
    }

    mutating func readRows(options: ExtractOptions) throws {
        var ids: [IdentifierKey: Int] = [:]
        let expected = names.count
        while let record = scanner.next(into: &fields) {
            rowsRead += 1
            var count = fields.count
            if count == expected + 1, fields[expected].range.isEmpty, tolerateTrailingDelimiter || expected > 0 { count = expected }
            var problem: (reason: String, field: Int?, variable: String?)?
            if record.isUnterminated {
                problem = ("unterminated quoted field: the file ends inside quotes opened in this row", fields.count, nil)
            } else if count != expected {
                problem = ("expected \(expected) fields, found \(count)", nil, nil)
            } else if let bad = fields.prefix(count).firstIndex(where: \.isMalformed) {
                problem = ("text after the closing quote of field \(bad + 1)", bad + 1, names[bad])
            } else {
                problem = storeCells()
            }
            if problem == nil, let idField {
                let id = IdentifierKey(scanner.bytes(of: fields[idField]))
                if id.isEmpty {
                    problem = ("the id is missing", idField + 1, names[idField])
                } else if let first = ids[id] {
                    problem = ("duplicate id \(id), first seen on line \(first)", idField + 1, names[idField])
                } else {
                    ids[id] = record.line
                }
            }
            if let problem {
                for index in builders.indices where !needsRefill[index] && builders[index].count > acceptedStarts.count {
                    builders[index].truncate(to: acceptedStarts.count)
                }
                rejects.append(
                    RejectedRow(
                        location: SourceLocation(file: sourceName, line: record.line, column: problem.field),
                        variable: problem.variable, reason: problem.reason, raw: scanner.text(of: record)))
            } else {
                acceptedStarts.append(record.range.lowerBound)
                acceptedLines.append(Int32(clamping: record.line))
            }
        }
        refillTextColumns()
    }

    /// Parses the current record's kept cells into their columns; the problem if one is bad.
    private mutating func storeCells() -> (reason: String, field: Int?, variable: String?)? {
        for (fieldIndex, builderIndex) in builderOfField.enumerated() where builderIndex >= 0 && !needsRefill[builderIndex] {
            let field = fields[fieldIndex]
            let bytes = scanner.bytes(of: field)
            if builders[builderIndex].isText {
                appendText(field, to: builderIndex)
                continue
            }
            let isEmpty = !bytes.contains { $0 != 32 }
            let parsed = isEmpty ? nil : parser.parse(bytes)
            switch builders[builderIndex].append(parsed, isEmpty: isEmpty) {
            case .stored: break
            case .becameText: needsRefill[builderIndex] = true
            case .notNumeric:
                let name = names[fieldIndex]
                return ("'\(scanner.value(of: field))' is not a number, but \(name) is numeric in the codebook", fieldIndex + 1, name)
            }
            if builders[builderIndex].hasAllowedCodes, let parsed {
                let name = names[fieldIndex]
                switch parsed {
                case .integer(let code) where !builders[builderIndex].allows(code):
                    return ("code \(code) is not in the codebook of \(name) (\(builders[builderIndex].allowedCodesText))", fieldIndex + 1, name)
                case .real(let value):
                    return ("\(NumberFormat.roundTrip(value)) is not a whole-number code of \(name)", fieldIndex + 1, name)
                default: break
                }
            }
        }
        return nil
    }

    /// Appends a field's text, unescaping doubled quotes only when the field has them.
    private mutating func appendText(_ field: CSVRecordScanner.Field, to builderIndex: Int) {
        if field.hasEscapedQuotes {
            var utf8 = Array(scanner.value(of: field).utf8)
            utf8.withUnsafeMutableBytes { builders[builderIndex].appendText(UnsafeRawBufferPointer($0)) }
        } else {
            builders[builderIndex].appendText(UnsafeRawBufferPointer(scanner.bytes(of: field)))
        }
    }

    /// Columns that met text late are read again, as text, from the accepted rows' bytes.
    private mutating func refillTextColumns() {
        let refill = builders.indices.filter { needsRefill[$0] }
        guard !refill.isEmpty else { return }
        for index in refill { builders[index].restartAsText() }
        for (row, start) in acceptedStarts.enumerated() {
            scanner.seek(to: start, line: Int(acceptedLines[row]))
            _ = scanner.next(into: &fields)
            for (fieldIndex, builderIndex) in builderOfField.enumerated() where builderIndex >= 0 && needsRefill[builderIndex] {
                appendText(fields[fieldIndex], to: builderIndex)
            }
        }
    }

    func result(codebook given: Codebook) -> ExtractResult {
        var codebook = given
        var columns: [Column] = []
        for builder in builders {
            let column = Column(name: builder.name, values: builder.values)
            if codebook[builder.name] == nil {
                codebook.add(Variable(name: builder.name, kind: column.isNumeric ? .quantity : .text))
            }
            columns.append(column)
        }
        let dataset = Dataset(sourceFile: sourceName, sourceLines: acceptedLines, columns: columns, codebook: codebook)
        return ExtractResult(dataset: dataset, rejects: rejects, rowsRead: rowsRead)
    }
}
