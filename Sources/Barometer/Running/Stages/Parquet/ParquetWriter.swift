import BarometerCore

/// Writes columns of equal length as an uncompressed Parquet file that DuckDB, pandas
/// (pyarrow), polars, R's arrow and Spark read as they are.
///
/// Rows go in row groups of `rowGroupRows`, each column's cells in pages of about
/// `pageBytes`, built one at a time in a reused buffer: memory stays at one page however
/// large the table. Cells are copied as stored (a byte code stays a byte, through a
/// dictionary of the codes), so writing costs little more than the `write` calls.
struct ParquetWriter {
    var rowGroupRows = 1 << 20
    var pageBytes = 1 << 20
    /// `created_by` in the footer.
    var createdBy: String

    /// Writes `columns` (all of the same length) to `path`, letting go of each column's cells
    /// once they are written (they are freed then if nothing else holds them).
    func write(_ columns: consuming [Column], to path: String) throws {
        let rowCount = columns.first?.count ?? 0
        let schema = schema(of: columns)
        var file = try ParquetFileOutput(path: path)
        file.append(ParquetFormat.magic)
        var rowGroups: [ThriftValue] = []
        var body = PageBuffer()
        // An empty table has no row groups, only its schema.
        for (ordinal, start) in stride(from: 0, to: rowCount, by: rowGroupRows).enumerated() {
            let rows = start..<min(start + rowGroupRows, rowCount)
            let groupStart = file.offset
            var chunks: [ThriftValue] = []
            for index in columns.indices {
                chunks.append(writeChunk(columns[index], rows: rows, to: &file, body: &body))
                if rows.upperBound == rowCount { columns[index].values = .integer(IntegerColumn()) }
            }
            let size = file.offset - groupStart
            rowGroups.append(
                .structure([
                    ParquetFormat.RowGroup.columns: .list(chunks), ParquetFormat.RowGroup.totalByteSize: .i64(size),
                    ParquetFormat.RowGroup.numRows: .i64(rows.count), ParquetFormat.RowGroup.fileOffset: .i64(groupStart),
                    ParquetFormat.RowGroup.totalCompressedSize: .i64(size),
                    ParquetFormat.RowGroup.ordinal: .integer(Int64(ordinal), .i16),
                ]))
        }
        let footer = ThriftValue.structure([
            ParquetFormat.FileMetaData.version: .i32(1), ParquetFormat.FileMetaData.schema: .list(schema),
            ParquetFormat.FileMetaData.numRows: .i64(rowCount), ParquetFormat.FileMetaData.rowGroups: .list(rowGroups),
            ParquetFormat.FileMetaData.createdBy: .string(createdBy),
        ]).encoded
        file.append(footer)
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { file.append(Array($0)) }
        file.append(ParquetFormat.magic)
        try file.close()
    }

    /// The schema: a root with one optional leaf per column.
    private func schema(of columns: [Column]) -> [ThriftValue] {
        let root = ThriftValue.structure([
            ParquetFormat.SchemaElement.name: .string("schema"), ParquetFormat.SchemaElement.numChildren: .i32(Int32(columns.count)),
        ])
        return [root]
            + columns.map { column in
                let isText = Self.physicalType(of: column) == .byteArray
                return .structure([
                    ParquetFormat.SchemaElement.type: .i32(Self.physicalType(of: column).rawValue),
                    ParquetFormat.SchemaElement.repetitionType: .i32(ParquetFormat.optional),
                    ParquetFormat.SchemaElement.name: .string(column.name),
                    ParquetFormat.SchemaElement.convertedType: isText ? .i32(ParquetFormat.utf8) : nil,
                    // LogicalType.STRING, an empty struct in field 1 of the union.
                    ParquetFormat.SchemaElement.logicalType: isText ? .structure([1: .structure([])]) : nil,
                ])
            }
    }

    static func physicalType(of column: Column) -> ParquetFormat.PhysicalType {
        switch column.values {
        case .integer: .int32
        case .real: .double
        case .text: .byteArray
        }
    }

    /// Writes the pages of `column`'s `rows`; returns the chunk's metadata for the footer.
    private func writeChunk(_ column: Column, rows: Range<Int>, to file: inout ParquetFileOutput, body: inout PageBuffer)
        -> ThriftValue
    {
        let start = file.offset
        var dataOffset = start
        var encodings: [ParquetFormat.Encoding] = [.plain, .rle]
        switch column.values {
        case .integer(let values):
            values.withStorage { storage in
                switch storage {
                case .bytes(let codes):
                    // The dictionary is every code a byte holds, so a cell's index is its
                    // code and the data pages hold the bytes as they are.
                    let dictionary = 0..<Int32(IntegerColumn.missingByte)
                    body.removeAll()
                    body.reserve(4 * dictionary.count)
                    for code in dictionary { body.appendReserved(code) }
                    file.appendPage(
                        body, type: .dictionaryPage,
                        header: (
                            ParquetFormat.PageHeader.dictionaryPageHeader,
                            .structure([
                                ParquetFormat.DictionaryPageHeader.numValues: .i32(Int32(dictionary.count)),
                                ParquetFormat.DictionaryPageHeader.encoding: .i32(ParquetFormat.Encoding.plain.rawValue),
                            ])
                        ))
                    dataOffset = file.offset
                    encodings.append(.rleDictionary)
                    writePages(BytePageCells(codes: codes), rows: rows, to: &file, body: &body)
                case .wide(let codes):
                    writePages(WidePageCells(codes: codes), rows: rows, to: &file, body: &body)
                }
            }
        case .real(let values):
            values.withUnsafeBufferPointer { reals in
                reals.withMemoryRebound(to: UInt64.self) { writePages(RealPageCells(bits: $0), rows: rows, to: &file, body: &body) }
            }
        case .text(let texts):
            texts.bytes.withUnsafeBytes { bytes in
                texts.ends.withUnsafeBufferPointer { writePages(TextPageCells(bytes: bytes, ends: $0), rows: rows, to: &file, body: &body) }
            }
        }
        let size = file.offset - start
        let metadata = ThriftValue.structure([
            ParquetFormat.ColumnMetaData.type: .i32(Self.physicalType(of: column).rawValue),
            ParquetFormat.ColumnMetaData.encodings: .list(encodings.map { .i32($0.rawValue) }),
            ParquetFormat.ColumnMetaData.pathInSchema: .list([.string(column.name)]),
            ParquetFormat.ColumnMetaData.codec: .i32(ParquetFormat.uncompressed),
            ParquetFormat.ColumnMetaData.numValues: .i64(rows.count),
            ParquetFormat.ColumnMetaData.totalUncompressedSize: .i64(size),
            ParquetFormat.ColumnMetaData.totalCompressedSize: .i64(size),
            ParquetFormat.ColumnMetaData.dataPageOffset: .i64(dataOffset),
            ParquetFormat.ColumnMetaData.dictionaryPageOffset: dataOffset == start ? nil : .i64(start),
        ])
        return .structure([ParquetFormat.ColumnChunk.fileOffset: .i64(start), ParquetFormat.ColumnChunk.metaData: metadata])
    }

    /// Writes `cells`' `rows` as data pages: each page's definition levels (one bit a row:
    /// is the cell present), then its present values.
    private func writePages<Cells: PageCells>(_ cells: Cells, rows: Range<Int>, to file: inout ParquetFileOutput, body: inout PageBuffer) {
        for page in cells.pages(of: rows, bytes: pageBytes) {
            let present = cells.presentCount(page)
            body.removeAll()
            body.append([0, 0, 0, 0])  // the levels' length, filled in below
            if present == page.count || present == 0 {
                HybridRuns.appendRepeated(present == 0 ? 0 : 1, count: page.count, to: &body)
            } else {
                HybridRuns.appendPackedRunHeader(count: page.count, to: &body)
                cells.appendPresenceBits(page, to: &body)
            }
            body.set(UInt32(body.count - 4), at: 0)
            cells.appendValues(page, present: present, to: &body)
            file.appendPage(
                body, type: .dataPage,
                header: (
                    ParquetFormat.PageHeader.dataPageHeader,
                    .structure([
                        ParquetFormat.DataPageHeader.numValues: .i32(Int32(page.count)),
                        ParquetFormat.DataPageHeader.encoding: .i32(Cells.encoding.rawValue),
                        ParquetFormat.DataPageHeader.definitionLevelEncoding: .i32(ParquetFormat.Encoding.rle.rawValue),
                        ParquetFormat.DataPageHeader.repetitionLevelEncoding: .i32(ParquetFormat.Encoding.rle.rawValue),
                    ])
                ))
        }
    }
}

/// The file being written, and how many bytes it has so far (the offsets the footer records).
private struct ParquetFileOutput: ~Copyable {
    private var writer: BufferedFileWriter
    private(set) var offset = 0

    init(path: String) throws {
        writer = try BufferedFileWriter(path: path)
    }

    mutating func append(_ bytes: [UInt8]) {
        writer.append(bytes)
        offset += bytes.count
    }

    /// Appends a page: its header (`type`, sizes and the type's own `header` field), then `body`.
    mutating func appendPage(_ body: borrowing PageBuffer, type: ParquetFormat.PageType, header: (id: Int16, value: ThriftValue)) {
        append(
            ThriftValue.structure([
                (ParquetFormat.PageHeader.type, .i32(type.rawValue)),
                (ParquetFormat.PageHeader.uncompressedPageSize, .i32(Int32(body.count))),
                (ParquetFormat.PageHeader.compressedPageSize, .i32(Int32(body.count))), header,
            ]).encoded)
        writer.append(body.bytes)
        offset += body.count
    }

    mutating func close() throws {
        try writer.close()
    }
}
