import BarometerCore

/// Reads an Excel 2003 XML workbook (SpreadsheetML: `<Workbook>`, `<Worksheet>`, `<Table>`,
/// `<Row>`, `<Cell>`, `<Data ss:Type>`), the "XML" export of SurveyXact and Excel.
///
/// One worksheet, streamed: the first, or the one named at `init`. Its first non-empty row is
/// the header; each later non-empty row is a respondent (empty rows are not counted).
/// `ss:Index` on a cell skips columns (the skipped cells are empty), `ss:MergeAcross` spans
/// them. A column is `Int32` when all its cells are whole `Number`s, `Double` when all are
/// `Number`s (`Boolean` counts as 0/1; padding such as `0800` or `+3` is read as the number),
/// and text as soon as one cell is `String` or `DateTime`; `Error` cells are missing. Header cells left empty name their column
/// `column_<n>`, unless the whole column is empty, in which case it is dropped.
///
/// Rejected rows: a `Number` cell that is not a number, a value in a column with no header.
/// `Dataset.sourceLines` are the lines of the `<Row>` start tags.
public struct SpreadsheetMLReader: Sendable {
    /// The worksheet to read (`ss:Name`); nil for the first.
    public var worksheet: String?

    public init(worksheet: String? = nil) {
        self.worksheet = worksheet
    }

    static let namespace = "urn:schemas-microsoft-com:office:spreadsheet"
    /// `Number` cells are numbers by declaration, so any spelling of one counts.
    static let numbers = NumberParser(acceptsComma: false, form: .padded)

    public func read(path: String) throws -> ExtractResult {
        let reader = try XMLStreamReader(path: path)
        var seen: [String] = []
        var sawWorkbook = false
        var more = try reader.read()
        while more {
            guard reader.kind == .startElement else {
                more = try reader.read()
                continue
            }
            if reader.depth == 0 {
                guard reader.localNameIs("Workbook") else {
                    throw BarometerError(
                        .badData, "expected a SpreadsheetML <Workbook>, found <\(reader.qualifiedName)>",
                        at: SourceLocation(file: path, line: reader.line))
                }
                sawWorkbook = true
                more = try reader.read()
                continue
            }
            guard reader.localNameIs("Worksheet") else {
                // Styles, DocumentProperties, …: nothing to read inside.
                more = try reader.skipElement()
                continue
            }
            let name = Self.attribute(reader, "Name") ?? "Sheet\(seen.count + 1)"
            seen.append(name)
            if let worksheet, worksheet != name {
                more = try reader.skipElement()
                continue
            }
            var sheet = SheetBuilder(path: path)
            try sheet.read(reader)
            return try sheet.finish()
        }
        guard sawWorkbook else {
            throw BarometerError(.badData, "no SpreadsheetML <Workbook> in the file", at: SourceLocation(file: path))
        }
        if let worksheet {
            throw BarometerError(
                .usage,
                "\(path) has no worksheet named '\(worksheet)' (it has: \(seen.map { "'\($0)'" }.joined(separator: ", ")))")
        }
        throw BarometerError(.badData, "the workbook has no worksheet", at: SourceLocation(file: path))
    }

    /// An `ss:` attribute, also accepted without its prefix as some writers put it.
    static func attribute(_ reader: XMLStreamReader, _ name: String) -> String? {
        reader.attribute(name, namespace: namespace) ?? reader.attribute(name)
    }
}

/// The state of reading one worksheet: header, column builders, rejects.
private struct SheetBuilder {
    let path: String
    private var header: [String]? = nil
    private var headerLine = 0
    private var columns: [ColumnBuilder] = []
    private var sourceLines: [Int32] = []
    private var rejects: [RejectedRow] = []
    private var rowsRead = 0

    /// The current row's cells: column (0-based), type, bytes in `cellBytes`.
    private var cells: [(column: Int, type: CellType, range: Range<Int>, line: Int)] = []
    private var cellBytes: [UInt8] = []

    enum CellType {
        case number, text, boolean, missing
    }

    init(path: String) {
        self.path = path
    }

    /// Reads from the `<Worksheet>` start tag to its end.
    mutating func read(_ reader: XMLStreamReader) throws {
        guard !reader.isEmptyElement else { return }
        let sheetDepth = reader.depth
        var more = try reader.read()
        while more {
            switch reader.kind {
            case .endElement where reader.depth == sheetDepth:
                return
            case .startElement where reader.localNameIs("Row"):
                try readRow(reader)
            case .startElement where reader.depth == sheetDepth + 1 && !reader.localNameIs("Table"):
                // WorksheetOptions, AutoFilter, …: skip their subtrees unread.
                more = try reader.skipElement()
                continue
            default:
                break
            }
            more = try reader.read()
        }
    }

    /// Reads from a `<Row>` start tag to its end and files the row.
    private mutating func readRow(_ reader: XMLStreamReader) throws {
        let line = reader.line
        cells.removeAll(keepingCapacity: true)
        cellBytes.removeAll(keepingCapacity: true)
        if !reader.isEmptyElement {
            let rowDepth = reader.depth
            var next = 0
            var more = try reader.read()
            while more {
                if reader.kind == .endElement, reader.depth == rowDepth { break }
                if reader.kind == .startElement, reader.depth == rowDepth + 1, reader.localNameIs("Cell") {
                    var column = next
                    let hasAttributes = reader.hasAttributes
                    if hasAttributes, let index = SpreadsheetMLReader.attribute(reader, "Index") {
                        guard let value = Int(XMLWhitespace.trimmed(index)), value >= 1, value - 1 >= next else {
                            throw BarometerError(
                                .badData,
                                "ss:Index=\"\(index)\" must name a column after the previous cell's (column \(next))",
                                at: SourceLocation(file: reader.path, line: reader.line))
                        }
                        column = value - 1
                    }
                    let merge =
                        hasAttributes
                        ? SpreadsheetMLReader.attribute(reader, "MergeAcross").flatMap { Int(XMLWhitespace.trimmed($0)) } ?? 0
                        : 0
                    next = column + 1 + max(0, merge)
                    try readCell(reader, column: column)
                }
                more = try reader.read()
            }
        }
        try finishRow(line: line)
    }

    /// Reads from a `<Cell>` start tag to its end; its `<Data>` becomes one cell.
    private mutating func readCell(_ reader: XMLStreamReader, column: Int) throws {
        guard !reader.isEmptyElement else { return }
        let cellDepth = reader.depth
        var more = try reader.read()
        while more {
            if reader.kind == .endElement, reader.depth == cellDepth { return }
            if reader.kind == .startElement, reader.depth == cellDepth + 1 {
                guard reader.localNameIs("Data") else {
                    // Comment, NamedCell, …: not the cell's value.
                    more = try reader.skipElement()
                    continue
                }
                let line = reader.line
                let type: CellType =
                    switch SpreadsheetMLReader.attribute(reader, "Type") ?? "String" {
                    case "Number": .number
                    case "Boolean": .boolean
                    case "Error": .missing
                    default: .text  // String, DateTime
                    }
                let start = cellBytes.count
                try reader.appendElementText(to: &cellBytes)
                // Numbers may carry the whitespace of pretty-printing; text keeps it.
                if type != .text { XMLWhitespace.trim(&cellBytes, from: start) }
                cells.append((column, type, start..<cellBytes.count, line))
            }
            more = try reader.read()
        }
    }

    private mutating func finishRow(line: Int) throws {
        let hasValues = cells.contains { !$0.range.isEmpty && $0.type != .missing }
        guard hasValues else { return }
        guard let header else {
            try takeHeader(line: line)
            return
        }
        rowsRead += 1
        var raw: String {
            cells.map { cell in String(decoding: cellBytes[cell.range], as: UTF8.self) }.joined(separator: "\t")
        }
        for cell in cells where !cell.range.isEmpty && cell.type != .missing {
            if cell.column >= header.count {
                rejects.append(
                    RejectedRow(
                        location: SourceLocation(file: path, line: cell.line), variable: nil,
                        reason: "column \(cell.column + 1) has a value but no header (the header has \(header.count) columns)",
                        raw: raw))
                return
            }
            if cell.type == .number || cell.type == .boolean {
                let ok = cellBytes.withUnsafeBufferPointer {
                    SpreadsheetMLReader.numbers.parse(UnsafeBufferPointer(rebasing: $0[cell.range])) != nil
                }
                if !ok {
                    rejects.append(
                        RejectedRow(
                            location: SourceLocation(file: path, line: cell.line), variable: header[cell.column],
                            reason: "a Number cell holds \"\(String(decoding: cellBytes[cell.range], as: UTF8.self))\"",
                            raw: raw))
                    return
                }
            }
        }
        var filled = 0
        cellBytes.withUnsafeBufferPointer { bytes in
            for cell in cells where cell.column < columns.count {
                columns.appendMissing(filled..<cell.column)
                let value = UnsafeBufferPointer(rebasing: bytes[cell.range])
                switch cell.type {
                case .number, .boolean: _ = columns[cell.column].append(inferring: value, with: SpreadsheetMLReader.numbers)
                case .text: _ = columns[cell.column].append(text: value)
                case .missing: columns[cell.column].appendMissing()
                }
                filled = cell.column + 1
            }
        }
        columns.appendMissing(filled..<columns.count)
        sourceLines.append(Int32(clamping: line))
    }

    private mutating func takeHeader(line: Int) throws {
        var names: [String] = []
        for cell in cells {
            while names.count < cell.column { names.append("") }
            names.append(
                cell.type == .missing ? "" : XMLWhitespace.collapsed(String(decoding: cellBytes[cell.range], as: UTF8.self)))
        }
        var firstColumn: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            if let first = firstColumn[name] {
                throw BarometerError(
                    .badData, "header columns \(first + 1) and \(index + 1) are both named '\(name)'",
                    at: SourceLocation(file: path, line: line))
            }
            firstColumn[name] = index
        }
        header = names
        headerLine = line
        columns = names.map { ColumnBuilder(inferring: $0) }
    }

    func finish() throws -> ExtractResult {
        var result: [Column] = []
        var codebook = Codebook()
        let names = header ?? []
        for (index, builder) in columns.enumerated() {
            var name = names[index]
            if name.isEmpty {
                guard builder.hasValues else { continue }
                name = "column_\(index + 1)"
                if names.contains(name) {
                    throw BarometerError(
                        .badData, "header column \(index + 1) is empty and another column is named '\(name)'",
                        at: SourceLocation(file: path, line: headerLine))
                }
            }
            let (column, variable) = builder.inferredColumn(named: name)
            result.append(column)
            codebook.add(variable)
        }
        let dataset = Dataset(sourceFile: path, sourceLines: sourceLines, columns: result, codebook: codebook)
        return ExtractResult(dataset: dataset, rejects: rejects, rowsRead: rowsRead)
    }
}
