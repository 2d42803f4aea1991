/// Text cells stored back to back in one byte buffer, so a column of a million answers is
/// two allocations rather than a million strings.
///
/// An empty cell is a missing value: survey exports do not distinguish the two.
public struct TextColumn: Sendable, Equatable {
    /// UTF-8 bytes of all cells, in row order.
    public private(set) var bytes: [UInt8] = []
    /// `ends[i]` is one past the last byte of row `i`; row `i` starts at `ends[i - 1]` (or 0).
    public private(set) var ends: [Int] = []

    public init() {}

    public init<S: Sequence>(_ values: S) where S.Element == String {
        for value in values { append(value) }
    }

    public var count: Int { ends.count }

    public mutating func reserveCapacity(rows: Int, bytes byteCount: Int) {
        ends.reserveCapacity(rows)
        bytes.reserveCapacity(byteCount)
    }

    public mutating func append(_ value: String) {
        bytes.append(contentsOf: value.utf8)
        ends.append(bytes.count)
    }

    public mutating func append(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
    }

    /// Appends all of `other`'s rows after this column's.
    public mutating func append(contentsOf other: TextColumn) {
        let shift = bytes.count
        // Room at least doubled when short, as appending would: joining many chunks then copies
        // each byte once or twice. Room beyond what is written is address space, not memory.
        func reserve<T>(_ count: Int, in array: inout [T]) {
            if array.capacity < count { array.reserveCapacity(max(count, 2 * array.capacity)) }
        }
        reserve(bytes.count + other.bytes.count, in: &bytes)
        reserve(ends.count + other.ends.count, in: &ends)
        bytes.append(contentsOf: other.bytes)
        let first = ends.count
        ends.append(contentsOf: other.ends)
        ends.withUnsafeMutableBufferPointer { ends in
            for row in first..<ends.count { ends[row] &+= shift }
        }
    }

    /// Removes the last `rows` values.
    public mutating func removeLast(_ rows: Int) {
        ends.removeLast(rows)
        bytes.removeLast(bytes.count - (ends.last ?? 0))
    }

    public func byteRange(at row: Int) -> Range<Int> {
        (row == 0 ? 0 : ends[row - 1])..<ends[row]
    }

    public func isMissing(at row: Int) -> Bool { byteRange(at: row).isEmpty }

    public subscript(row: Int) -> String {
        String(decoding: bytes[byteRange(at: row)], as: UTF8.self)
    }

    /// The rows whose `keep` entry is true, in order.
    public func filtered(_ keep: [Bool]) -> TextColumn {
        var result = TextColumn()
        for row in 0..<count where keep[row] {
            result.bytes.append(contentsOf: bytes[byteRange(at: row)])
            result.ends.append(result.bytes.count)
        }
        return result
    }
}
