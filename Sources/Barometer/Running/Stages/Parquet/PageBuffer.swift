/// The bytes of one Parquet page as it is built, reused from page to page.
///
/// Pages are built cell by cell for columns with missing values; appending through a plain
/// pointer, with room made ahead, keeps that loop free of the checks an array append makes.
struct PageBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    /// Makes room for `extra` more bytes, so the appends that follow need not grow it.
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count + extra, capacity * 2))
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = max(count + extra, capacity * 2)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count) }
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends `value`'s bytes as they are in memory (little-endian, as Parquet wants); the
    /// room must have been made with `reserve`.
    @inline(__always)
    mutating func appendReserved<T: FixedWidthInteger>(_ value: T) {
        UnsafeMutableRawPointer(base + count).storeBytes(of: value.littleEndian, as: T.self)
        count += MemoryLayout<T>.size
    }

    /// Appends the low `count` bytes of `value`, little-endian; the room (eight bytes) must
    /// have been made with `reserve`.
    @inline(__always)
    mutating func appendReserved(_ value: UInt64, keepingBytes count: Int) {
        UnsafeMutableRawPointer(base + self.count).storeBytes(of: value.littleEndian, as: UInt64.self)
        self.count += count
    }

    /// Appends the `values` that are `kept` (`present` of them), little-endian.
    ///
    /// A filter without a branch per value: each is stored after the bytes and counted only
    /// when kept. The end is a local pointer, not `count`, which the stores could alias and so
    /// would be written back and read again for every value.
    @inline(__always)
    mutating func append<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, present: Int, kept: (T) -> Bool) {
        reserve((present + 1) * MemoryLayout<T>.size)
        let start = UnsafeMutableRawPointer(base + count)
        var end = start
        for value in values {
            end.storeBytes(of: value.littleEndian, as: T.self)
            end += kept(value) ? MemoryLayout<T>.size : 0
        }
        count += end - start
    }

    /// Overwrites four bytes at `offset` with `value`, little-endian.
    mutating func set(_ value: UInt32, at offset: Int) {
        UnsafeMutableRawPointer(base + offset).storeBytes(of: value.littleEndian, as: UInt32.self)
    }
}
