/// Whole-number cells, one byte each while every code is between 0 and 254, four bytes
/// otherwise.
///
/// Answer codes are small: held as bytes, a million respondents' forty coded questions take
/// 40 MB instead of 160 MB, and every pass over them reads a quarter of the memory. A column
/// widens to `Int32` (once, for good) at the first code outside 0...254; which storage it uses
/// never shows in its values: the elements are `Int32`, missing is `Column.missingCode`, and
/// two columns with the same values are equal whatever their storage.
public struct IntegerColumn: RandomAccessCollection, Sendable, Equatable {
    /// A missing cell in the byte storage.
    public static let missingByte: UInt8 = 255

    // Both arrays are kept (only one in use) so that appends happen in place.
    private var narrow: [UInt8] = []
    private var wide: [Int32] = []
    public private(set) var isNarrow = true

    public init() {}

    /// The codes of `values`, in one byte each when they all fit.
    public init(_ values: [Int32]) {
        if values.allSatisfy(Self.fitsInByte) {
            narrow = values.map(Self.byte)
        } else {
            wide = values
            isNarrow = false
        }
    }

    /// Codes held one byte each as they are, `missingByte` for missing: a column read back
    /// in its byte storage.
    public init(bytes: [UInt8]) {
        narrow = bytes
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { isNarrow ? narrow.count : wide.count }

    @inline(__always)
    public subscript(row: Int) -> Int32 {
        isNarrow ? Self.code(narrow[row]) : wide[row]
    }

    /// Whether `code` can be held in one byte (missing included).
    @inline(__always)
    public static func fitsInByte(_ code: Int32) -> Bool {
        UInt32(bitPattern: code) < UInt32(missingByte) || code == Column.missingCode
    }

    /// The byte that holds `code`, which must fit (`fitsInByte`).
    @inline(__always)
    public static func byte(_ code: Int32) -> UInt8 {
        code == Column.missingCode ? missingByte : UInt8(truncatingIfNeeded: code)
    }

    @inline(__always)
    public static func code(_ byte: UInt8) -> Int32 {
        byte == missingByte ? Column.missingCode : Int32(byte)
    }

    public mutating func reserveCapacity(_ count: Int) {
        if isNarrow { narrow.reserveCapacity(count) } else { wide.reserveCapacity(count) }
    }

    @inline(__always)
    public mutating func append(_ code: Int32) {
        if isNarrow, Self.fitsInByte(code) {
            narrow.append(Self.byte(code))
        } else {
            widen()
            wide.append(code)
        }
    }

    /// Appends a run of codes, missing as `Column.missingCode`.
    public mutating func append(contentsOf codes: UnsafeBufferPointer<Int32>) {
        if isNarrow {
            // One check for the run keeps the copy below a plain narrowing loop.
            var fits = true
            for code in codes { fits = fits && Self.fitsInByte(code) }
            if fits {
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: codes.count) { bytes in
                    for index in codes.indices { bytes[index] = Self.byte(codes[index]) }
                    narrow.append(contentsOf: UnsafeBufferPointer(bytes))
                }
                return
            }
            widen()
        }
        wide.append(contentsOf: codes)
    }

    /// Appends a run of codes held one byte each as they are (`missingByte` for missing) to a
    /// column in its byte storage: a plain copy.
    public mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        precondition(isNarrow, "bytes appended to a column of 32-bit codes")
        narrow.append(contentsOf: bytes)
    }

    /// Appends all of `other`'s rows after this column's.
    public mutating func append(contentsOf other: IntegerColumn) {
        if isNarrow, other.isNarrow {
            narrow.append(contentsOf: other.narrow)
        } else {
            widen()
            wide.reserveCapacity(wide.count + other.count)
            if other.isNarrow { wide.append(contentsOf: other.narrow.lazy.map(Self.code)) } else { wide.append(contentsOf: other.wide) }
        }
    }

    /// Removes the last `rows` values.
    public mutating func removeLast(_ rows: Int) {
        if isNarrow { narrow.removeLast(rows) } else { wide.removeLast(rows) }
    }

    /// The rows whose `keep` entry is true, in order.
    public func filtered(_ keep: [Bool]) -> IntegerColumn {
        var result = IntegerColumn()
        result.isNarrow = isNarrow
        if isNarrow {
            result.narrow = zip(narrow, keep).compactMap { $1 ? $0 : nil }
        } else {
            result.wide = zip(wide, keep).compactMap { $1 ? $0 : nil }
        }
        return result
    }

    /// Every value as `Int32`, missing as `Column.missingCode`: for loops that want plain codes.
    public var codes: [Int32] {
        isNarrow ? narrow.map(Self.code) : wide
    }

    /// Every value as a number, NaN where missing.
    public func numbers() -> [Double] {
        isNarrow ? narrow.map { $0 == Self.missingByte ? .nan : Double($0) } : wide.map { $0 == Column.missingCode ? .nan : Double($0) }
    }

    /// The cells as stored, for loops that read them by the million.
    public enum Storage {
        /// One byte a cell, `IntegerColumn.missingByte` (255) for missing.
        case bytes(UnsafeBufferPointer<UInt8>)
        /// Four bytes a cell, `Column.missingCode` for missing.
        case wide(UnsafeBufferPointer<Int32>)
    }

    /// Calls `body` with the cells as stored, valid during the call only.
    public func withStorage<Result>(_ body: (Storage) throws -> Result) rethrows -> Result {
        if isNarrow { try narrow.withUnsafeBufferPointer { try body(.bytes($0)) } } else { try wide.withUnsafeBufferPointer { try body(.wide($0)) } }
    }

    private mutating func widen() {
        guard isNarrow else { return }
        wide = narrow.map(Self.code)
        narrow = []
        isNarrow = false
    }

    public static func == (lhs: IntegerColumn, rhs: IntegerColumn) -> Bool {
        switch (lhs.isNarrow, rhs.isNarrow) {
        case (true, true): lhs.narrow == rhs.narrow
        case (false, false): lhs.wide == rhs.wide
        default: lhs.elementsEqual(rhs)
        }
    }
}

extension IntegerColumn: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Int32...) {
        self.init(elements)
    }
}
