/// The whole-number cells of a block of rows, held column by column until the block is full
/// and then appended to each column's builder in one go.
///
/// A row writes one cell to each of dozens of columns: stored straight into the columns, each
/// cell would touch another stream of memory, more than the hardware prefetcher follows, and
/// most stores would wait for their cache line. Staged, the block stays in cache and each
/// column grows by a run of cells.
///
/// Cells are staged as the bytes a column of one-byte codes holds (`IntegerColumn`), so a
/// block is a tenth of the first-level cache and goes into its columns as plain copies. A
/// column is staged while its builder holds one-byte codes. Before anything else is appended
/// to it (a code outside 0...254, a decimal, text), `flush(column:into:)` hands over what it
/// has staged, and its later cells go to the builder directly; a column refilled as text
/// later simply has its staged cells dropped.
struct StagedCodes: ~Copyable {
    static let blockRows = 256
    /// Where each column's cells start, in bytes from the previous column's: a block's rows
    /// and then 16 bytes of padding, so that a row's cells, one per column, do not line up
    /// in a few sets of the first-level cache and evict each other.
    static let columnStride = blockRows + 16

    private let codes: UnsafeMutablePointer<UInt8>
    /// For each column, the block rows already handed to its builder.
    private let flushed: UnsafeMutablePointer<Int>
    private let columns: Int
    /// Accepted rows in the block so far; the row being read is row `rows`.
    private(set) var rows = 0

    init(columns: Int) {
        self.columns = columns
        codes = .allocate(capacity: (columns + 1) * Self.columnStride)
        flushed = .allocate(capacity: max(1, columns))
        flushed.initialize(repeating: 0, count: max(1, columns))
    }

    deinit {
        codes.deallocate()
        flushed.deallocate()
    }

    /// Stages `code` (a code's byte, `IntegerColumn.byte`) as the current row's cell of
    /// `column`.
    @inline(__always)
    func stage(_ code: UInt8, column: Int) {
        codes[column &* Self.columnStride &+ rows] = code
    }

    /// A block after the columns' that none of them reads: cells of fields not kept can be
    /// staged there, and are forgotten.
    var discardColumn: Int { columns }

    /// Where the current row's cell of column 0 is staged; column c's is `c * columnStride` further.
    var currentRow: UnsafeMutablePointer<UInt8> { codes + rows }

    /// Ends an accepted row; a full block goes to the builders.
    @inline(__always)
    mutating func endRow(builders: UnsafeMutableBufferPointer<ColumnBuilder>) {
        rows += 1
        if rows == Self.blockRows { flushAll(into: builders) }
    }

    /// Hands `column`'s staged cells to its builder, which must still hold one-byte codes.
    mutating func flush(column: Int, into builder: inout ColumnBuilder) {
        let start = column * Self.columnStride
        builder.append(codeBytes: UnsafeBufferPointer(start: codes + start + flushed[column], count: rows - flushed[column]))
        flushed[column] = rows
    }

    /// Hands every staged column's cells to its builder and starts a new block.
    mutating func flushAll(into builders: UnsafeMutableBufferPointer<ColumnBuilder>) {
        for column in 0..<columns where builders[column].holdsCodeBytes { flush(column: column, into: &builders[column]) }
        rows = 0
        flushed.update(repeating: 0, count: columns)
    }
}
