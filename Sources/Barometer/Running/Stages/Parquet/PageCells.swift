import BarometerCore

/// One column's cells as the Parquet writer pages them: which are present, and the bytes of
/// the present ones as the page's encoding wants them.
///
/// One conforming type per storage, so that the writer's loops over rows are specialized for
/// each and the per-row check is inlined, not a call.
protocol PageCells {
    /// Bytes a cell takes in a page (text: besides its own bytes).
    static var cellWidth: Int { get }
    /// The page encoding of the values.
    static var encoding: ParquetFormat.Encoding { get }
    func isPresent(_ row: Int) -> Bool
    /// `rows` cut into pages of about `bytes` each.
    func pages(of rows: Range<Int>, bytes: Int) -> [Range<Int>]
    /// The present cells among `page`.
    func presentCount(_ page: Range<Int>) -> Int
    /// Appends one bit per row of `page`, set when the cell is present, eight to a byte.
    func appendPresenceBits(_ page: Range<Int>, to body: inout PageBuffer)
    /// Appends the present cells of `page`, `present` of them.
    func appendValues(_ page: Range<Int>, present: Int, to body: inout PageBuffer)
}

extension PageCells {
    func pages(of rows: Range<Int>, bytes: Int) -> [Range<Int>] {
        let step = max(1, bytes / Self.cellWidth)
        return stride(from: rows.lowerBound, to: rows.upperBound, by: step).map { $0..<min($0 + step, rows.upperBound) }
    }

    func presentCount(_ page: Range<Int>) -> Int {
        // Without a branch per row: missing cells come at random, and a mispredicted branch
        // costs more than the count.
        var count = 0
        for row in page { count &+= isPresent(row) ? 1 : 0 }
        return count
    }

    func appendPresenceBits(_ page: Range<Int>, to body: inout PageBuffer) {
        body.reserve((page.count + 7) / 8)
        var byte: UInt8 = 0
        for (index, row) in page.enumerated() {
            byte |= (isPresent(row) ? 1 : 0) << (index & 7)
            if index & 7 == 7 {
                body.append(byte)
                byte = 0
            }
        }
        if page.count & 7 != 0 { body.append(byte) }
    }
}

/// Byte codes, written as indices into a dictionary of every code 0 to 254, so each index is
/// the code itself: 8-bit indices, bit-packed, which is the bytes as they are.
struct BytePageCells: PageCells {
    let codes: UnsafeBufferPointer<UInt8>
    static var cellWidth: Int { 1 }
    static var encoding: ParquetFormat.Encoding { .rleDictionary }

    @inline(__always)
    func isPresent(_ row: Int) -> Bool { codes[row] != IntegerColumn.missingByte }

    // Eight cells at a time, as one word: a column of answers has missing cells at random,
    // which a loop with a branch per cell mispredicts (and Swift's SIMD comparisons here
    // compile to a loop over the lanes).

    /// The high bit of each byte of `word` that is a missing code (255); the others clear.
    @inline(__always)
    private static func missingBits(_ word: UInt64) -> UInt64 {
        let inverted = ~word  // a missing byte is now zero
        let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
        return ~(((inverted & low) &+ low) | inverted | low)
    }

    @inline(__always)
    private func word(at row: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(codes.baseAddress! + row).loadUnaligned(as: UInt64.self))
    }

    func presentCount(_ page: Range<Int>) -> Int {
        var missing = 0
        var row = page.lowerBound
        while row + 8 <= page.upperBound {
            missing += Self.missingBits(word(at: row)).nonzeroBitCount
            row += 8
        }
        for cell in codes[row..<page.upperBound] { missing += cell == IntegerColumn.missingByte ? 1 : 0 }
        return page.count - missing
    }

    func appendPresenceBits(_ page: Range<Int>, to body: inout PageBuffer) {
        body.reserve((page.count + 7) / 8)
        var row = page.lowerBound
        while row + 8 <= page.upperBound {
            // Each byte's flag moved to bit 0 of its byte, then gathered into the top byte.
            let flags = (Self.missingBits(word(at: row)) >> 7) & 0x0101_0101_0101_0101
            body.append(~UInt8(truncatingIfNeeded: (flags &* 0x0102_0408_1020_4080) >> 56))
            row += 8
        }
        var byte: UInt8 = 0
        for index in 0..<(page.upperBound - row) where isPresent(row + index) { byte |= 1 << index }
        if row < page.upperBound { body.append(byte) }
    }

    func appendValues(_ page: Range<Int>, present: Int, to body: inout PageBuffer) {
        body.append(8)  // the indices' bit width
        HybridRuns.appendPackedRunHeader(count: present, to: &body)
        appendFixed(codes, page, present: present, to: &body) { $0 != IntegerColumn.missingByte }
        for _ in 0..<HybridRuns.paddingCount(present) { body.append(0) }
    }
}

/// Four-byte codes, plain.
struct WidePageCells: PageCells {
    let codes: UnsafeBufferPointer<Int32>
    static var cellWidth: Int { 4 }
    static var encoding: ParquetFormat.Encoding { .plain }

    @inline(__always)
    func isPresent(_ row: Int) -> Bool { codes[row] != Column.missingCode }

    func appendValues(_ page: Range<Int>, present: Int, to body: inout PageBuffer) {
        appendFixed(codes, page, present: present, to: &body) { $0 != Column.missingCode }
    }
}

/// Reals, plain: their bits as they are; NaN (a missing value) is absent.
struct RealPageCells: PageCells {
    let bits: UnsafeBufferPointer<UInt64>
    static var cellWidth: Int { 8 }
    static var encoding: ParquetFormat.Encoding { .plain }

    /// NaN's bits, sign aside, are those above infinity's.
    @inline(__always)
    static func isNumber(_ bits: UInt64) -> Bool { bits & ~(1 << 63) <= Double.infinity.bitPattern }

    @inline(__always)
    func isPresent(_ row: Int) -> Bool { Self.isNumber(bits[row]) }

    func appendValues(_ page: Range<Int>, present: Int, to body: inout PageBuffer) {
        appendFixed(bits, page, present: present, to: &body, isPresent: Self.isNumber)
    }
}

/// Text, plain: each present cell's length in four bytes, then its bytes; empty is absent.
struct TextPageCells: PageCells {
    let bytes: UnsafeRawBufferPointer
    let ends: UnsafeBufferPointer<Int>
    static var cellWidth: Int { 4 }
    static var encoding: ParquetFormat.Encoding { .plain }

    func pages(of rows: Range<Int>, bytes: Int) -> [Range<Int>] {
        var pages: [Range<Int>] = []
        var first = rows.lowerBound
        for row in rows where ends[row] - start(first) + Self.cellWidth * (row + 1 - first) >= bytes || row == rows.upperBound - 1 {
            pages.append(first..<row + 1)
            first = row + 1
        }
        return pages
    }

    @inline(__always)
    func start(_ row: Int) -> Int { row == 0 ? 0 : ends[row - 1] }

    @inline(__always)
    func isPresent(_ row: Int) -> Bool { start(row) < ends[row] }

    func appendValues(_ page: Range<Int>, present: Int, to body: inout PageBuffer) {
        body.reserve(4 * present + ends[page.upperBound - 1] - start(page.lowerBound))
        for row in page where isPresent(row) {
            body.appendReserved(UInt32(ends[row] - start(row)))
            body.append(UnsafeRawBufferPointer(rebasing: bytes[start(row)..<ends[row]]))
        }
    }
}

/// Appends the cells of `page` in `cells` that `isPresent`, little-endian as they are in memory.
@inline(__always)
private func appendFixed<T: FixedWidthInteger>(
    _ cells: UnsafeBufferPointer<T>, _ page: Range<Int>, present: Int, to body: inout PageBuffer, isPresent: (T) -> Bool
) {
    let page = UnsafeBufferPointer(rebasing: cells[page])
    if present == page.count {
        body.append(UnsafeRawBufferPointer(page))
    } else {
        body.append(page, present: present, kept: isPresent)
    }
}
