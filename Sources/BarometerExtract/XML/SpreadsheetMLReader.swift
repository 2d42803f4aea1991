import BarometerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    static let namespace: StaticString = "urn:schemas-microsoft-com:office:spreadsheet"
    /// `Number` cells are numbers by declaration, so any spelling of one counts.
    static let numbers = NumberParser(acceptsComma: false, form: .padded)

    public func read(path: String) throws -> ExtractResult {
        // libxml2's SAX2 push parser rather than `XMLStreamReader`: a workbook is one element
        // per cell, and building a reader node for each took most of the time.
        var workbook = WorkbookHandler(path: path, worksheet: worksheet)
        try XMLPushParser.parse(path: path, into: &workbook)
        if workbook.isDone { return try workbook.sheet.finish() }
        guard workbook.sawWorkbook else {
            throw BarometerError(.badData, "no SpreadsheetML <Workbook> in the file", at: SourceLocation(file: path))
        }
        if let worksheet {
            throw BarometerError(
                .usage,
                "\(path) has no worksheet named '\(worksheet)' (it has: \(workbook.seen.map { "'\($0)'" }.joined(separator: ", ")))")
        }
        throw BarometerError(.badData, "the workbook has no worksheet", at: SourceLocation(file: path))
    }
}

/// Follows the workbook's elements as they stream past: finds the worksheet to read, skips
/// everything else, and hands the rows, cells and cell text of that worksheet to a
/// `SheetBuilder`.
///
/// Which elements count, by local name (any namespace) and depth: the root must be
/// `Workbook`; of its children, `Worksheet`s; in the worksheet, `Row`s anywhere except inside
/// its children other than `Table` (`WorksheetOptions`, …); in a row, its `Cell` children; in
/// a cell, its `Data` children, whose text includes that of their descendants (`<B>` of rich
/// text). Children of a cell other than `Data` (`Comment`, …) are skipped with their subtree.
private struct WorkbookHandler: XMLEventHandler {
    let path: String
    let worksheet: String?
    private(set) var sawWorkbook = false
    /// Worksheet names in document order, up to the one read.
    private(set) var seen: [String] = []
    /// The worksheet being (or that was) read, once `sheetDepth` is set.
    private(set) var sheet: SheetBuilder
    private(set) var isDone = false

    /// The depth of the element whose subtree is being skipped.
    private var skipping: Int?
    private var sheetDepth: Int?
    private var rowDepth: Int?
    private var cellDepth: Int?
    private var dataDepth: Int?

    init(path: String, worksheet: String?) {
        self.path = path
        self.worksheet = worksheet
        sheet = SheetBuilder(path: path)
    }

    mutating func startElement(_ tag: XMLStartTag) throws {
        guard skipping == nil, dataDepth == nil else { return }
        let depth = tag.depth
        if depth == 0 {
            guard tag.localNameIs("Workbook") else {
                throw BarometerError(
                    .badData, "expected a SpreadsheetML <Workbook>, found <\(tag.qualifiedName)>",
                    at: SourceLocation(file: path, line: tag.line))
            }
            sawWorkbook = true
        } else if let sheetDepth {
            if let rowDepth {
                if let cellDepth {
                    // A child of the cell: its value, or something to skip.
                    guard depth == cellDepth + 1, tag.localNameIs("Data") else {
                        skipping = depth
                        return
                    }
                    sheet.startData(type: Self.cellType(tag), line: tag.line)
                    dataDepth = depth
                } else if depth == rowDepth + 1, tag.localNameIs("Cell") {
                    try sheet.startCell(tag)
                    cellDepth = depth
                }
            } else if tag.localNameIs("Row") {
                sheet.startRow(line: tag.line)
                rowDepth = depth
            } else if depth == sheetDepth + 1, !tag.localNameIs("Table") {
                skipping = depth
            }
        } else {
            // A child of the workbook: a worksheet, or Styles, DocumentProperties, … to skip.
            guard tag.localNameIs("Worksheet") else {
                skipping = depth
                return
            }
            let name = tag.attribute("Name", namespace: SpreadsheetMLReader.namespace) ?? "Sheet\(seen.count + 1)"
            seen.append(name)
            if let worksheet, worksheet != name {
                skipping = depth
                return
            }
            sheetDepth = depth
        }
    }

    mutating func endElement(depth: Int) throws {
        if let skipping {
            if depth == skipping { self.skipping = nil }
        } else if depth == dataDepth {
            sheet.endData()
            dataDepth = nil
        } else if depth == cellDepth {
            cellDepth = nil
        } else if depth == rowDepth {
            try sheet.endRow()
            rowDepth = nil
        } else if depth == sheetDepth {
            isDone = true
        }
    }

    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Only a cell's value is read; whitespace between elements and other text is not.
        if dataDepth != nil { sheet.appendText(bytes) }
    }

    private static func cellType(_ tag: XMLStartTag) -> SheetBuilder.CellType {
        tag.withAttribute("Type", namespace: SpreadsheetMLReader.namespace) { value -> SheetBuilder.CellType in
            guard let value else { return .text }  // String is the default
            func isType(_ name: StaticString) -> Bool {
                value.count == name.utf8CodeUnitCount && memcmp(value.baseAddress!, name.utf8Start, value.count) == 0
            }
            if isType("Number") { return .number }
            if isType("Boolean") { return .boolean }
            if isType("Error") { return .missing }
            return .text  // String, DateTime
        }
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
    /// The line of the current row's start tag.
    private var rowLine = 0
    /// The column the next cell goes to unless it says otherwise.
    private var nextColumn = 0
    /// The current cell's column.
    private var cellColumn = 0
    /// The current `<Data>`: its type, where its text starts in `cellBytes`, its line.
    private var data: (type: CellType, start: Int, line: Int)?

    enum CellType {
        case number, text, boolean, missing
    }

    init(path: String) {
        self.path = path
    }

    /// A `<Row>` start tag at `line`.
    mutating func startRow(line: Int) {
        rowLine = line
        nextColumn = 0
        cells.removeAll(keepingCapacity: true)
        cellBytes.removeAll(keepingCapacity: true)
    }

    /// A `<Cell>` start tag in the row: where its value goes, from `ss:Index` and the
    /// previous cell's `ss:MergeAcross`.
    mutating func startCell(_ tag: XMLStartTag) throws {
        var column = nextColumn
        var merge = 0
        if tag.hasAttributes {
            if let index = tag.attribute("Index", namespace: SpreadsheetMLReader.namespace) {
                guard let value = Int(XMLWhitespace.trimmed(index)), value >= 1, value - 1 >= nextColumn else {
                    throw BarometerError(
                        .badData,
                        "ss:Index=\"\(index)\" must name a column after the previous cell's (column \(nextColumn))",
                        at: SourceLocation(file: path, line: tag.line))
                }
                column = value - 1
            }
            merge = tag.attribute("MergeAcross", namespace: SpreadsheetMLReader.namespace)
                .flatMap { Int(XMLWhitespace.trimmed($0)) } ?? 0
        }
        cellColumn = column
        nextColumn = column + 1 + max(0, merge)
    }

    /// A `<Data>` start tag in the cell, at `line`; its text follows.
    mutating func startData(type: CellType, line: Int) {
        data = (type, cellBytes.count, line)
    }

    /// Text inside the `<Data>`, as UTF-8.
    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        cellBytes.append(contentsOf: bytes)
    }

    /// The `<Data>` end tag: the text so far is one cell.
    mutating func endData() {
        guard let data else { return }
        // Numbers may carry the whitespace of pretty-printing; text keeps it.
        if data.type != .text, data.start < cellBytes.count,
            XMLWhitespace.isSpace(cellBytes[data.start]) || XMLWhitespace.isSpace(cellBytes[cellBytes.count - 1])
        {
            XMLWhitespace.trim(&cellBytes, from: data.start)
        }
        cells.append((cellColumn, data.type, data.start..<cellBytes.count, data.line))
        self.data = nil
    }

    /// The `<Row>` end tag: files the row.
    mutating func endRow() throws {
        try finishRow(line: rowLine)
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
