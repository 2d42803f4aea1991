import CByteMasks

/// Finds where unquoted fields end, the delimiters and line breaks of a text, 64 bytes at a
/// time.
///
/// One vector comparison marks every delimiter, LF and CR of a 64-byte block in a bitmask.
/// Asked for the field that starts just past the last boundary it gave, it hands out the
/// mask's lowest bit and clears it: the next field's end then does not wait for this one's, so
/// the fields of a record are found in parallel rather than a byte (and a mispredicted branch
/// at each field's end) at a time. Asked from anywhere else (past a quoted field, which the
/// scanner reads byte by byte, or a CRLF), it starts over from there.
///
/// It holds no text: the scanner passes its own with each call, so that the scan's loop keeps
/// the few values it needs in registers.
struct FieldBoundaries {
    /// Where the block in `mask` starts; far from any offset until the first block is loaded.
    private var blockStart = Int.min / 2
    /// The block's boundaries not handed out yet.
    private var mask: UInt64 = 0
    /// Just past the last boundary handed out (the text's end once none is left): the mask
    /// holds every boundary of its block from here on.
    private var resume = -1

    /// The offset of the first `delimiter`, LF or CR at or after `offset` in the `count` bytes
    /// at `text`; `count` if none. Every call must pass the same text.
    @inline(__always)
    mutating func fieldEnd(from offset: Int, in text: UnsafePointer<UInt8>, count: Int, delimiter: UInt8) -> Int {
        guard offset == resume, mask != 0 else {
            return fieldEnd(startingOver: offset, in: text, count: count, delimiter: delimiter)
        }
        return nextBoundary()
    }

    /// Hands out the mask's lowest boundary.
    @inline(__always)
    private mutating func nextBoundary() -> Int {
        let end = blockStart &+ mask.trailingZeroBitCount
        mask &= mask &- 1
        resume = end &+ 1
        return end
    }

    /// `fieldEnd(from:in:count:delimiter:)` from an offset the mask does not continue from.
    private mutating func fieldEnd(startingOver offset: Int, in text: UnsafePointer<UInt8>, count: Int, delimiter: UInt8) -> Int {
        let shift = offset &- blockStart
        if offset >= resume, UInt(bitPattern: shift) < 64 {
            mask &= ~0 << UInt64(shift)
        } else {
            load(at: offset, in: text, count: count, delimiter: delimiter)
        }
        while mask == 0 {
            guard blockStart + 64 < count else {
                resume = count
                return count
            }
            load(at: blockStart + 64, in: text, count: count, delimiter: delimiter)
        }
        return nextBoundary()
    }

    /// Marks the boundaries of the 64 bytes from `offset` (fewer at the text's end).
    private mutating func load(at offset: Int, in text: UnsafePointer<UInt8>, count: Int, delimiter: UInt8) {
        blockStart = offset
        mask =
            count - offset >= 64
            ? barometer_match_mask64(text + offset, delimiter, 10, 13)
            : offset < count ? barometer_match_mask_tail(text + offset, count - offset, delimiter, 10, 13) : 0
    }
}
