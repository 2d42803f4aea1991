import BarometerCore
import Foundation

/// Reads a delimited export into typed columns, rejecting the rows it cannot use.
///
/// The file is scanned as its bytes (a single-byte code page as it is, decoding only the text
/// cells; UTF-16 decoded first): each kept cell is parsed from its bytes straight into its
/// column's typed array. A large file is split into one stretch
/// per core, parsed in parallel and joined (`ChunkedRecords`); the result is the same as one
/// pass would give. Column types come from the codebook when
/// one is given (a numeric variable holding text rejects the row), otherwise from the data
/// (a column is integer, then real, then text as its cells require).
///
/// Rejected rows: a wrong number of fields, a quoted field the file ends inside, text after a
/// closing quote, text in a numeric variable, a code the codebook does not list, a missing or
/// repeated id. `rowsRead == accepted + rejected` always.
public struct CSVReader: Sendable {
    public var dialect: CSVDialect
    /// How the rows are split over the cores (`ChunkedRecords`): one stretch per core for files
    /// large enough to gain from it. Tests set it to check that the split never shows.
    var split = ChunkedRecords()
    /// Bytes parsed between two hand-backs of a mapped file's pages (`MappedFile.release`):
    /// the window of the file held at a time, per chunk. Tests set it small.
    var releaseStride = 4 << 20

    public init(dialect: CSVDialect = CSVDialect()) {
        self.dialect = dialect
    }

    public func read(path: String, codebook: Codebook? = nil, options: ExtractOptions = ExtractOptions()) throws
        -> ExtractResult
    {
        guard let file = MappedFile(path: path) else {
            throw BarometerError(.missingInput, "file not found or not readable", at: SourceLocation(file: path))
        }
        // UTF-8 and single-byte text is parsed where the file is mapped, each stretch let go
        // once parsed; UTF-16, and UTF-8 with a bad byte (for its error), are decoded first.
        guard let (start, charset) = DecodedText.inPlace(file.bytes, encoding: dialect.encoding, release: file.release) else {
            let text = try DecodedText(path: path, encoding: dialect.encoding, keepsSingleByte: true)
            return try text.bytes.withUnsafeBufferPointer {
                try read($0, charset: text.pendingCharset, sourceName: path, codebook: codebook, options: options, release: nil)
            }
        }
        return try read(
            UnsafeBufferPointer(rebasing: file.bytes[start...]), charset: charset, sourceName: path, codebook: codebook,
            options: options, release: { [file] in file.release($0.lowerBound + start..<$0.upperBound + start) })
    }

    /// Reads `bytes` as if they were the file `sourceName` (decoding them per the dialect).
    public func read(bytes: [UInt8], sourceName: String, codebook: Codebook? = nil, options: ExtractOptions = ExtractOptions())
        throws -> ExtractResult
    {
        let text = try DecodedText(bytes: bytes, encoding: dialect.encoding, sourceName: sourceName, keepsSingleByte: true)
        return try text.bytes.withUnsafeBufferPointer {
            try read($0, charset: text.pendingCharset, sourceName: sourceName, codebook: codebook, options: options, release: nil)
        }
    }

    /// Reads `buffer`, UTF-8 or still in the single-byte code page `charset` (only text cells
    /// are decoded). `release` is told of each stretch of the buffer once it is parsed.
    private func read(
        _ buffer: UnsafeBufferPointer<UInt8>, charset: SingleByteCharset?, sourceName: String, codebook given: Codebook?,
        options: ExtractOptions, release: (@Sendable (Range<Int>) -> Void)?
    ) throws -> ExtractResult {
        let codebook = given ?? Codebook()
        let delimiter = dialect.resolvedDelimiter(for: UnsafeRawBufferPointer(buffer))
        var scanner = CSVRecordScanner(text: buffer, delimiter: delimiter)
        scanner.charset = charset
        let layout = try CSVLayout(
            scanner: &scanner, sourceName: sourceName, hasHeader: dialect.header, codebook: codebook, options: options)
        let parser = NumberParser(acceptsComma: dialect.acceptsComma(delimiter: delimiter))
        let first = scanner
        let rowsPerByte = Double(ChunkedRecords.estimatedRecords(in: buffer, from: first.offset)) / Double(max(1, buffer.count - first.offset))
        let rows = try split.parse(buffer, from: first.offset, line: first.currentLine) { text, offset, line, end in
            var start = first
            start.seek(to: offset, line: line)
            // The first chunk has room for every row, so the others are joined onto it in
            // place, without growing (and copying) its columns.
            let last = offset == first.offset ? text.count : end.current
            let estimatedRows = Int(Double(max(0, last - offset)) * rowsPerByte) + 16
            return CSVChunk(
                layout: layout, scanner: start, parser: parser, end: end, estimatedRows: estimatedRows, release: release,
                releaseStride: releaseStride)
        }
        return CSVRows(rows, layout: layout, scanner: first).result(codebook: codebook)
    }
}

/// The joined chunks of a delimited file, finished: ids checked in file order, columns that
/// turned to text refilled, and the dataset built.
private struct CSVRows {
    var rows: CSVChunk
    let layout: CSVLayout
    let scanner: CSVRecordScanner

    init(_ rows: CSVChunk, layout: CSVLayout, scanner: CSVRecordScanner) {
        self.rows = rows
        self.layout = layout
        self.scanner = scanner
    }

    func result(codebook given: Codebook) -> ExtractResult {
        var rejects = rows.rejects
        var keep = [Bool](repeating: true, count: rows.acceptedLines.count)
        if let idField = layout.idField {
            let name = layout.names[idField]
            let problems = IdentifierIndex.problems(
                rows: rows.ids.count, key: { rows.ids[$0] }, line: { Int(rows.acceptedLines[$0]) })
            // The rows at fault are read again, in one pass from the first row.
            var rescan = scanner
            var next = problems.makeIterator()
            rescan.forEachRecord(onLines: problems.lazy.map { rows.acceptedLines[$0.row] }, fieldCount: layout.names.count) {
                record, fields in
                let problem = next.next()!
                let id = scanner.value(of: fields[idField]).trimmingCharacters(in: .whitespaces)
                keep[problem.row] = false
                rejects.append(
                    RejectedRow(
                        location: SourceLocation(file: layout.sourceName, line: record.line, column: idField + 1),
                        variable: name, reason: problem.reason(id: id), raw: scanner.text(of: record)))
            }
            precondition(next.next() == nil, "a row with a bad id was not found again on its line")
        }
        // Each row gives at most one reject, so line order is the order one pass would give.
        rejects.sort { ($0.location.line ?? 0) < ($1.location.line ?? 0) }
        let allKept = !keep.contains(false)
        var codebook = given
        var columns: [Column] = []
        for (index, builder) in rows.builders.enumerated() {
            var column: Column
            if rows.needsRefill[index] {
                column = Column(name: builder.name, values: refilledText(builder: index, keep: keep))
            } else {
                column = Column(name: builder.name, values: builder.values)
                if !allKept { column = column.filtered(keep) }
            }
            if codebook[builder.name] == nil {
                codebook.add(Variable(name: builder.name, kind: column.isNumeric ? .quantity : .text))
            }
            columns.append(column)
        }
        let lines = allKept ? rows.acceptedLines : zip(rows.acceptedLines, keep).compactMap { $1 ? $0 : nil }
        let dataset = Dataset(sourceFile: layout.sourceName, sourceLines: lines, columns: columns, codebook: codebook)
        return ExtractResult(dataset: dataset, rejects: rejects, rowsRead: rows.rowsRead)
    }

    /// A column that is text in some chunks and numbers in others, read again as text from
    /// the kept rows' bytes.
    private func refilledText(builder: Int, keep: [Bool]) -> Column.Values {
        var column = rows.builders[builder]
        column.restartAsText()
        let kept = zip(rows.acceptedLines, keep).lazy.filter(\.1).map(\.0)
        CellStore.appendTexts(
            field: layout.fieldOfBuilder[builder], ofRecordsOn: kept, scanner: scanner, fieldCount: layout.names.count,
            to: &column)
        return column.values
    }
}
