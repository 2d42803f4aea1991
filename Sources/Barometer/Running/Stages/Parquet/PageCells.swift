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

    /// The codes as dictionary indices, in as few bits as the page's largest code needs: most
    /// coded columns hold flags or answers from 0 to 9, an eighth or half of a byte each.
    func appendValues(_ page: Range<Int>, present: Int, to body: inout PageBuffer) {
        let width = max(1, UInt8.bitWidth - presentBits(page).leadingZeroBitCount)
        body.append(UInt8(width))
        HybridRuns.appendPackedRunHeader(count: present, to: &body)
        guard width < 8 else {
            appendFixed(codes, page, present: present, to: &body) { $0 != IntegerColumn.missingByte }
            for _ in 0..<HybridRuns.paddingCount(present) { body.append(0) }
            return
        }
        body.reserve((present + 7) / 8 * width + 8)
        // The present codes first gathered without a branch (missing cells are stored and
        // written over), then packed eight at a time from one word; the last group's padding
        // is zeros.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: page.count + 8) { gathered in
            var end = 0
            for code in codes[page] {
                gathered[end] = code
                // One more unless the code is the missing byte, 255: arithmetic, as a branch
                // would mispredict on cells missing at random.
                end &+= 1 &- (Int(code) &+ 1) >> 8
            }
            UnsafeMutableBufferPointer(rebasing: gathered[end..<end + 8]).initialize(repeating: 0)
            let raw = UnsafeRawPointer(gathered.baseAddress!)
            for start in stride(from: 0, to: end, by: 8) {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt64.self))
                body.appendReserved(Self.packed(word, width: width), keepingBytes: width)
            }
        }
    }

    /// The eight bytes of `word`, each less than `1 << width`, packed `width` bits apart, the
    /// first lowest: neighbouring bytes, then pairs, then fours are joined, each time by
    /// shifting the upper one down next to the lower one.
    @inline(__always)
    private static func packed(_ word: UInt64, width: Int) -> UInt64 {
        let pairs = word & 0x00FF_00FF_00FF_00FF | (word & 0xFF00_FF00_FF00_FF00) >> (8 - width)
        let fours = pairs & 0x0000_FFFF_0000_FFFF | (pairs & 0xFFFF_0000_FFFF_0000) >> (16 - 2 * width)
        return fours & 0x0000_0000_FFFF_FFFF | (fours & 0xFFFF_FFFF_0000_0000) >> (32 - 4 * width)
    }

    /// Every bit set in some present code of the page.
    private func presentBits(_ page: Range<Int>) -> UInt8 {
        var bits: UInt64 = 0
        var row = page.lowerBound
        while row + 8 <= page.upperBound {
            let word = word(at: row)
            // 0xFF in each missing byte, 0 in the others.
            bits |= word & ~((Self.missingBits(word) >> 7) &* 0xFF)
            row += 8
        }
        for code in codes[row..<page.upperBound] where code != IntegerColumn.missingByte { bits |= UInt64(code) }
        bits |= bits >> 32
        bits |= bits >> 16
        bits |= bits >> 8
        return UInt8(truncatingIfNeeded: bits)
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
