/// A small delimited file as rows of strings, for metadata files (structures, label lists)
/// where convenience matters more than speed.
struct DelimitedRecords {
    struct Row {
        var line: Int
        var fields: [String]
    }

    var rows: [Row] = []

    init(path: String, dialect: CSVDialect) throws {
        let text = try DecodedText(path: path, encoding: dialect.encoding)
        text.bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVRecordScanner(text: buffer, delimiter: dialect.resolvedDelimiter(for: UnsafeRawBufferPointer(buffer)))
            var fields: [CSVRecordScanner.Field] = []
            while let record = scanner.next(into: &fields) {
                rows.append(Row(line: record.line, fields: fields.map { scanner.value(of: $0) }))
            }
        }
    }
}
