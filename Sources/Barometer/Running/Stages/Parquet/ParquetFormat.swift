/// The numbers of Parquet's format (parquet.thrift) that Barometer writes and reads.
///
/// A column is written as the physical type its storage maps to: a byte-coded integer column
/// as `INT32` through a dictionary of its codes (so each cell stays one byte), a wider integer
/// column as plain `INT32`, reals as `DOUBLE`, text as UTF-8 `BYTE_ARRAY`. Every column is
/// optional; a missing cell (`Column.missingCode`, NaN, empty text) is a null.
enum ParquetFormat {
    static let magic: [UInt8] = Array("PAR1".utf8)

    enum PhysicalType: Int32 {
        case int32 = 1, double = 5, byteArray = 6
    }

    enum Encoding: Int32 {
        case plain = 0, plainDictionary = 2, rle = 3, rleDictionary = 8
    }

    enum PageType: Int32 {
        case dataPage = 0, dictionaryPage = 2
    }

    static let optional: Int32 = 1
    static let uncompressed: Int32 = 0
    /// `ConvertedType.UTF8`, which older readers use to tell text from bytes.
    static let utf8: Int32 = 0

    // Field ids of the structures used, from parquet.thrift.
    enum FileMetaData {
        static let version: Int16 = 1, schema: Int16 = 2, numRows: Int16 = 3, rowGroups: Int16 = 4, createdBy: Int16 = 6
    }
    enum SchemaElement {
        static let type: Int16 = 1, repetitionType: Int16 = 3, name: Int16 = 4, numChildren: Int16 = 5
        static let convertedType: Int16 = 6, logicalType: Int16 = 10
    }
    enum RowGroup {
        static let columns: Int16 = 1, totalByteSize: Int16 = 2, numRows: Int16 = 3, fileOffset: Int16 = 5
        static let totalCompressedSize: Int16 = 6, ordinal: Int16 = 7
    }
    enum ColumnChunk {
        static let fileOffset: Int16 = 2, metaData: Int16 = 3
    }
    enum ColumnMetaData {
        static let type: Int16 = 1, encodings: Int16 = 2, pathInSchema: Int16 = 3, codec: Int16 = 4, numValues: Int16 = 5
        static let totalUncompressedSize: Int16 = 6, totalCompressedSize: Int16 = 7, dataPageOffset: Int16 = 9
        static let dictionaryPageOffset: Int16 = 11
    }
    enum PageHeader {
        static let type: Int16 = 1, uncompressedPageSize: Int16 = 2, compressedPageSize: Int16 = 3
        static let dataPageHeader: Int16 = 5, dictionaryPageHeader: Int16 = 7
    }
    enum DataPageHeader {
        static let numValues: Int16 = 1, encoding: Int16 = 2, definitionLevelEncoding: Int16 = 3, repetitionLevelEncoding: Int16 = 4
    }
    enum DictionaryPageHeader {
        static let numValues: Int16 = 1, encoding: Int16 = 2
    }
}
