/// Reads a Parquet file's bytes front to back with every read checked against the end, so a
/// damaged file gives a `ParquetDamage` naming where, never a read out of bounds.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read, as an offset in `bytes`.
    private(set) var offset: Int
    /// Reads stop here (the end of a page, of the footer).
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { max(0, end - offset) }

    func damaged(_ reason: String) -> ParquetDamage {
        ParquetDamage(reason: reason, offset: offset)
    }

    mutating func byte() throws -> UInt8 {
        guard offset < end else { throw damaged("it ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next `count` bytes, in place.
    mutating func bytes(count: Int) throws -> UnsafeBufferPointer<UInt8> {
        guard count >= 0, count <= remaining else { throw damaged("it ends early") }
        defer { offset += count }
        return UnsafeBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func load<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let raw = try bytes(count: MemoryLayout<T>.size)
        return UnsafeRawBufferPointer(raw).loadUnaligned(as: T.self)
    }

    /// An unsigned LEB128 number, as Thrift and Parquet's run headers write them.
    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try byte()
            guard shift < 64 else { throw damaged("a number too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }
}

/// Why a Parquet file cannot be read, and at which byte.
struct ParquetDamage: Error, Equatable {
    var reason: String
    var offset: Int
}
