import BarometerCore

/// Reads the columns of a flat, uncompressed Parquet file: what `ParquetWriter` writes, and
/// the same subset from other writers (plain or dictionary pages with up to 8-bit indices,
/// data pages of version 1).
///
/// The file is mapped, and each column is decoded straight from the mapping, so columns can
/// be read on several cores at once, a column not asked for is never touched, and a chunk's
/// pages are handed back once decoded. Every offset
/// and length from the file is checked; a damaged file throws `ParquetDamage`.
struct ParquetReader: Sendable {
    struct Leaf: Sendable, Equatable {
        var name: String
        var type: ParquetFormat.PhysicalType
    }

    /// Where one column's cells of one row group lie.
    private struct Chunk: Sendable {
        var start: Int
        var end: Int
        var rows: Int
    }

    private let file: MappedFile
    let columns: [Leaf]
    let rowCount: Int
    /// `chunks[column][rowGroup]`.
    private let chunks: [[Chunk]]

    init(path: String) throws {
        guard let file = MappedFile(path: path) else { throw ParquetDamage(reason: "it cannot be opened", offset: 0) }
        self.file = file
        let bytes = file.bytes
        let magic = ParquetFormat.magic
        guard bytes.count >= 12, bytes.prefix(4).elementsEqual(magic), bytes.suffix(4).elementsEqual(magic) else {
            throw ParquetDamage(reason: "it is not a Parquet file", offset: 0)
        }
        var length = ByteCursor(bytes, from: bytes.count - 8)
        let footerLength = Int(UInt32(littleEndian: try length.load(UInt32.self)))
        let footerStart = bytes.count - 8 - footerLength
        guard footerStart >= 4 else { throw ParquetDamage(reason: "its footer is longer than the file", offset: bytes.count - 8) }
        var cursor = ByteCursor(bytes, from: footerStart, to: bytes.count - 8)
        let footer = try ThriftValue.decodeStructure(from: &cursor)

        func require<T>(_ value: T?, _ what: String) throws -> T {
            guard let value else { throw ParquetDamage(reason: "its footer lacks \(what)", offset: footerStart) }
            return value
        }
        let schema = try require(footer[ParquetFormat.FileMetaData.schema]?.elements, "a schema")
        guard let root = schema.first, root[ParquetFormat.SchemaElement.numChildren]?.integer == Int64(schema.count - 1) else {
            throw ParquetDamage(reason: "its schema is not one flat list of columns", offset: footerStart)
        }
        columns = try schema.dropFirst().map { element in
            let name = try require(element[ParquetFormat.SchemaElement.name]?.bytes, "a column name")
            let code = try require(element[ParquetFormat.SchemaElement.type]?.integer, "a column type")
            guard let type = Int32(exactly: code).flatMap(ParquetFormat.PhysicalType.init(rawValue:)) else {
                throw ParquetDamage(reason: "column \(String(decoding: name, as: UTF8.self)) has a type Barometer does not read (\(code))", offset: footerStart)
            }
            return Leaf(name: String(decoding: name, as: UTF8.self), type: type)
        }
        rowCount = Int(try require(footer[ParquetFormat.FileMetaData.numRows]?.integer, "a row count"))
        let groups = try require(footer[ParquetFormat.FileMetaData.rowGroups]?.elements, "row groups")
        var chunks = [[Chunk]](repeating: [], count: columns.count)
        var rows = 0
        for group in groups {
            let groupRows = Int(try require(group[ParquetFormat.RowGroup.numRows]?.integer, "a row group's row count"))
            guard groupRows >= 0 else { throw ParquetDamage(reason: "a row group of \(groupRows) rows", offset: footerStart) }
            let columnChunks = try require(group[ParquetFormat.RowGroup.columns]?.elements, "a row group's columns")
            guard columnChunks.count == columns.count else {
                throw ParquetDamage(reason: "a row group has \(columnChunks.count) columns, not \(columns.count)", offset: footerStart)
            }
            for (index, chunk) in columnChunks.enumerated() {
                let metadata = try require(chunk[ParquetFormat.ColumnChunk.metaData], "a column chunk's metadata")
                guard metadata[ParquetFormat.ColumnMetaData.codec]?.integer == Int64(ParquetFormat.uncompressed) else {
                    throw ParquetDamage(reason: "column \(columns[index].name) is compressed, which Barometer does not read", offset: footerStart)
                }
                let data = try require(metadata[ParquetFormat.ColumnMetaData.dataPageOffset]?.integer, "a data page offset")
                let start = Int(metadata[ParquetFormat.ColumnMetaData.dictionaryPageOffset]?.integer ?? data)
                let size = Int(try require(metadata[ParquetFormat.ColumnMetaData.totalCompressedSize]?.integer, "a chunk size"))
                guard start >= 4, size >= 0, start <= footerStart - size,
                    metadata[ParquetFormat.ColumnMetaData.numValues]?.integer == Int64(groupRows)
                else { throw ParquetDamage(reason: "column \(columns[index].name)'s chunk lies outside the data", offset: footerStart) }
                chunks[index].append(Chunk(start: start, end: start + size, rows: groupRows))
            }
            rows += groupRows
        }
        guard rows == rowCount, rowCount <= Int(Int32.max) else {
            throw ParquetDamage(reason: "its row groups hold \(rows) rows, not \(rowCount)", offset: footerStart)
        }
        self.chunks = chunks
    }

    /// The cells of column `index`, as the storage its physical type maps to: `INT32` as
    /// integers (a byte each when they fit), `DOUBLE` as reals, `BYTE_ARRAY` as text; a null
    /// is a missing cell.
    func values(ofColumn index: Int) throws -> Column.Values {
        var cells = DecodedCells(type: columns[index].type, capacity: min(rowCount, file.bytes.count))
        for chunk in chunks[index] {
            var cursor = ByteCursor(file.bytes, from: chunk.start, to: chunk.end)
            var dictionary: [Int32]?
            var read = 0
            while read < chunk.rows {
                let header = try ThriftValue.decodeStructure(from: &cursor)
                let size = Int(header[ParquetFormat.PageHeader.compressedPageSize]?.integer ?? -1)
                var page = ByteCursor(file.bytes, from: cursor.offset, to: cursor.offset + size)
                _ = try cursor.bytes(count: size)
                switch header[ParquetFormat.PageHeader.type]?.integer ?? -1 {
                case Int64(ParquetFormat.PageType.dictionaryPage.rawValue):
                    let count = Int(header[ParquetFormat.PageHeader.dictionaryPageHeader]?[ParquetFormat.DictionaryPageHeader.numValues]?.integer ?? -1)
                    guard columns[index].type == .int32, count >= 0, count <= page.remaining / 4 else {
                        throw page.damaged("a dictionary page Barometer does not read")
                    }
                    dictionary = try (0..<count).map { _ in Int32(littleEndian: try page.load(Int32.self)) }
                case Int64(ParquetFormat.PageType.dataPage.rawValue):
                    guard let data = header[ParquetFormat.PageHeader.dataPageHeader],
                        let count = data[ParquetFormat.DataPageHeader.numValues]?.integer.map(Int.init), count >= 0,
                        count <= chunk.rows - read
                    else { throw page.damaged("a data page without a valid header") }
                    try cells.appendPage(
                        of: count, from: &page, encoding: data[ParquetFormat.DataPageHeader.encoding]?.integer ?? -1,
                        dictionary: dictionary)
                    read += count
                default:
                    continue  // index pages and the like carry no cells
                }
            }
            // Decoded: its pages leave the process's memory (the file stays in the page cache).
            file.release(chunk.start..<chunk.end)
        }
        return cells.values
    }
}

/// A column's cells as they are decoded, page after page.
private struct DecodedCells {
    private var integers = IntegerColumn()
    private var reals: [Double] = []
    private var texts = TextColumn()
    private let type: ParquetFormat.PhysicalType

    init(type: ParquetFormat.PhysicalType, capacity: Int) {
        self.type = type
        switch type {
        case .int32: integers.reserveCapacity(capacity)
        case .double: reals.reserveCapacity(capacity)
        case .byteArray: texts.reserveCapacity(rows: capacity, bytes: 0)
        }
    }

    var values: Column.Values {
        switch type {
        case .int32: .integer(integers)
        case .double: .real(reals)
        case .byteArray: .text(texts)
        }
    }

    /// Decodes a data page of `count` cells: its definition levels, then its present values.
    mutating func appendPage(of count: Int, from page: inout ByteCursor, encoding: Int64, dictionary: [Int32]?) throws {
        let levelBytes = Int(UInt32(littleEndian: try page.load(UInt32.self)))
        var levelCursor = ByteCursor(page.bytes, from: page.offset, to: page.offset + levelBytes)
        _ = try page.bytes(count: levelBytes)
        var present = [UInt8](repeating: 0, count: count)
        try present.withUnsafeMutableBufferPointer { try HybridRuns.decode(width: 1, from: &levelCursor, into: $0) }
        let presentCount = present.reduce(0) { $0 + Int($1) }
        let allPresent = presentCount == count

        switch (type, encoding) {
        case (.int32, Int64(ParquetFormat.Encoding.rleDictionary.rawValue)), (.int32, Int64(ParquetFormat.Encoding.plainDictionary.rawValue)):
            guard let dictionary else { throw page.damaged("dictionary indices without a dictionary") }
            let width = Int(try page.byte())
            var indices = [UInt8](repeating: 0, count: presentCount)
            if presentCount > 0 {
                try indices.withUnsafeMutableBufferPointer { try HybridRuns.decode(width: width, from: &page, into: $0) }
            }
            guard indices.allSatisfy({ Int($0) < dictionary.count }) else { throw page.damaged("an index past its dictionary") }
            if dictionary.count <= Int(IntegerColumn.missingByte), dictionary.enumerated().allSatisfy({ $0.element == Int32($0.offset) }) {
                // Each index is its code: the bytes are the column's storage as they are.
                let bytes = allPresent ? indices : Self.expand(indices, present: present, missing: IntegerColumn.missingByte)
                integers.append(contentsOf: IntegerColumn(bytes: bytes))
            } else {
                appendCodes(zip(Self.expand(indices, present: present, missing: 0), present).map { $1 == 1 ? dictionary[Int($0)] : Column.missingCode })
            }
        case (.int32, Int64(ParquetFormat.Encoding.plain.rawValue)):
            let values = try Self.plain(Int32.self, count: presentCount, from: &page)
            appendCodes(allPresent ? values : Self.expand(values, present: present, missing: Column.missingCode))
        case (.double, Int64(ParquetFormat.Encoding.plain.rawValue)):
            let values = try Self.plain(UInt64.self, count: presentCount, from: &page).map(Double.init(bitPattern:))
            reals.append(contentsOf: allPresent ? values : Self.expand(values, present: present, missing: .nan))
        case (.byteArray, Int64(ParquetFormat.Encoding.plain.rawValue)):
            for isPresent in present {
                guard isPresent == 1 else {
                    texts.append(UnsafeRawBufferPointer(start: nil, count: 0))
                    continue
                }
                let length = Int(UInt32(littleEndian: try page.load(UInt32.self)))
                texts.append(UnsafeRawBufferPointer(try page.bytes(count: length)))
            }
        default:
            throw page.damaged("a page encoding Barometer does not read (\(encoding))")
        }
    }

    /// The page's cells: `values` where `present` is 1, in order, and `missing` elsewhere.
    private static func expand<T>(_ values: [T], present: [UInt8], missing: T) -> [T] {
        var next = 0
        return present.map { isPresent in
            guard isPresent == 1 else { return missing }
            defer { next += 1 }
            return values[next]
        }
    }

    private mutating func appendCodes(_ codes: [Int32]) {
        codes.withUnsafeBufferPointer { integers.append(contentsOf: $0) }
    }

    /// `count` little-endian values of `T` (a present cell each).
    private static func plain<T: FixedWidthInteger>(_: T.Type, count: Int, from page: inout ByteCursor) throws -> [T] {
        let raw = UnsafeRawBufferPointer(try page.bytes(count: count * MemoryLayout<T>.size))
        return (0..<count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
    }
}
