/// Parquet's RLE / bit-packed hybrid, for values of at most 8 bits: a page's definition
/// levels (1 bit: is the cell present) and its dictionary indices (a byte code's index).
///
/// A run is either one value repeated (`count << 1`, then the value) or groups of eight values
/// packed least significant bit first (`groups << 1 | 1`, then `groups × width` bytes).
enum HybridRuns {
    /// Appends `count` copies of `value` as one repeated run (the value in one byte, as any
    /// width up to 8 bits stores it).
    static func appendRepeated(_ value: UInt8, count: Int, to out: inout PageBuffer) {
        appendVarint(count << 1, to: &out)
        out.append(value)
    }

    /// The header of a run of `count` values packed eight to a group; the caller appends the
    /// packed groups (`width` bytes per group of values `width` bits wide).
    static func appendPackedRunHeader(count: Int, to out: inout PageBuffer) {
        appendVarint(((count + 7) / 8) << 1 | 1, to: &out)
    }

    /// Zero values to append after `count` packed ones, to fill the last group.
    static func paddingCount(_ count: Int) -> Int { (8 - (count & 7)) & 7 }

    /// An unsigned LEB128 number, as run headers are written (`ThriftValue` writes its own into
    /// metadata bytes).
    static func appendVarint(_ value: Int, to out: inout PageBuffer) {
        var rest = UInt(value)
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    /// Decodes `target.count` values of `width` bits (1 to 8) from `cursor` into `target`.
    static func decode(width: Int, from cursor: inout ByteCursor, into target: UnsafeMutableBufferPointer<UInt8>) throws {
        guard (1...8).contains(width) else { throw cursor.damaged("values of \(width) bits, more than a byte") }
        let mask = UInt64(1) << width - 1
        var filled = 0
        while filled < target.count {
            let header = try cursor.varint()
            if header & 1 == 0 {
                let count = min(Int(clamping: header >> 1), target.count - filled)
                let value = try cursor.byte()
                guard UInt64(value) <= mask else { throw cursor.damaged("a repeated value wider than its bits") }
                (target.baseAddress! + filled).update(repeating: value, count: count)
                filled += count
            } else {
                let groups = Int(clamping: header >> 1)
                guard groups <= cursor.remaining / width else { throw cursor.damaged("it ends early") }
                let packed = try cursor.bytes(count: groups * width)
                if width == 8 {
                    let count = min(packed.count, target.count - filled)
                    (target.baseAddress! + filled).update(from: packed.baseAddress!, count: count)
                    filled += count
                    continue
                }
                for group in 0..<groups where filled < target.count {
                    var bits: UInt64 = 0
                    for byte in 0..<width { bits |= UInt64(packed[group * width + byte]) << (8 * byte) }
                    for _ in 0..<min(8, target.count - filled) {
                        target[filled] = UInt8(truncatingIfNeeded: bits & mask)
                        bits >>= UInt64(width)
                        filled += 1
                    }
                }
            }
        }
    }
}
