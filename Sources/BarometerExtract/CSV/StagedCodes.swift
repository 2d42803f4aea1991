/// The whole-number cells of a block of rows, held column by column until the block is full
/// and then appended to each column's builder in one go.
///
/// A row writes one cell to each of dozens of columns: stored straight into the columns, each
/// cell would touch another stream of memory, more than the hardware prefetcher follows, and
/// most stores would wait for their cache line. Staged, the block stays in cache and each
/// column grows by a run of cells.
///
/// A column is staged while its builder is in its integer state. Before anything else is
/// appended to it (a decimal that widens it, text), `flush(column:into:)` hands over what it
/// has staged; a column refilled as text later simply has its staged cells dropped.
struct StagedCodes: ~Copyable {
    static let blockRows = 256
    /// Where each column's cells start, in cells from the previous column's: a block's rows
    /// and then 16 cells of padding. With a stride of exactly 256 cells (1 kB) a row's cells
    /// would fall into 4 of the 64 sets of a 32 kB first-level cache, and a row of 40 columns
    /// would evict its own lines; 1,088 bytes (17 lines, an odd number) spread them over all.
    static let columnStride = blockRows + 16

    private let codes: UnsafeMutablePointer<Int32>
    /// For each column, the block rows already handed to its builder.
    private let flushed: UnsafeMutablePointer<Int>
    private let columns: Int
    /// Accepted rows in the block so far; the row being read is row `rows`.
    private(set) var rows = 0

    init(columns: Int) {
        self.columns = columns
        codes = .allocate(capacity: max(1, columns) * Self.columnStride)
        flushed = .allocate(capacity: max(1, columns))
        flushed.initialize(repeating: 0, count: max(1, columns))
    }

    deinit {
        codes.deallocate()
        flushed.deallocate()
    }

    /// Stages `code` as the current row's cell of `column`.
    @inline(__always)
    func stage(_ code: Int32, column: Int) {
        codes[column &* Self.columnStride &+ rows] = code
    }

    /// Where the current row's cell of column 0 is staged; column c's is `c * columnStride` further.
    var currentRow: UnsafeMutablePointer<Int32> { codes + rows }

    /// Ends an accepted row; a full block goes to the builders.
    @inline(__always)
    mutating func endRow(builders: UnsafeMutableBufferPointer<ColumnBuilder>) {
        rows += 1
        if rows == Self.blockRows { flushAll(into: builders) }
    }

    /// Hands `column`'s staged cells to its builder, which must still be in its integer state.
    mutating func flush(column: Int, into builder: inout ColumnBuilder) {
        let start = column * Self.columnStride
        builder.append(codes: UnsafeBufferPointer(start: codes + start + flushed[column], count: rows - flushed[column]))
        flushed[column] = rows
    }

    /// Hands every integer column's staged cells to its builder and starts a new block.
    mutating func flushAll(into builders: UnsafeMutableBufferPointer<ColumnBuilder>) {
        for column in 0..<columns where builders[column].isInteger { flush(column: column, into: &builders[column]) }
        rows = 0
        flushed.update(repeating: 0, count: columns)
    }
}
