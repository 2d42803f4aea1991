import BarometerCore

/// The state of reading one worksheet: header, column builders, rejects.
struct SheetBuilder {
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

    /// An empty sheet with the header of `sheet`, for the rows of a later stretch.
    init(continuing sheet: SheetBuilder) {
        path = sheet.path
        header = sheet.header
        headerLine = sheet.headerLine
        columns = (sheet.header ?? []).map { ColumnBuilder(inferring: $0) }
    }

    var hasHeader: Bool { header != nil }

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

    /// Appends the rows of `stretches`, sheets made with `init(continuing:)` from this one that
    /// read the rows after this sheet's in turn, each with lines counted `lineShifts[i]` short
    /// of the file's: the result is what this sheet would hold had it read them all itself.
    mutating func append(_ stretches: consuming [SheetBuilder], lineShifts: [Int]) {
        // A column that stays numeric needs no cells as written, so they are not joined.
        for index in columns.indices where !stretches.contains(where: { $0.columns[index].isText }) {
            columns[index].forgetWritten()
            for stretch in stretches.indices { stretches[stretch].columns[index].forgetWritten() }
        }
        // Taken out one by one, so each stretch is freed once it is joined.
        stretches.reverse()
        for shift in lineShifts {
            let next = stretches.removeLast()
            for index in columns.indices { columns[index].append(contentsOf: next.columns[index]) }
            sourceLines += next.sourceLines.lazy.map { Int32(clamping: Int($0) + shift) }
            rejects += next.rejects.lazy.map { $0.movedDown(lines: shift) }
            rowsRead += next.rowsRead
        }
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
