import BarometerCore
import Foundation

/// A stretch of a text's records parsed on its own, which `ChunkedRecords` joins to the
/// stretches before it.
protocol RecordChunk: Sendable {
    /// Offset and line of the chunk's first record (past blank lines).
    var start: Int { get }
    var startLine: Int { get }
    /// Offset and line where the next chunk's first record must start for the two to join.
    var end: Int { get }
    var endLine: Int { get }
    /// Appends the rows of `next`, the chunk that follows this one, whose line numbers are
    /// `lineShift` short of the text's.
    mutating func append(_ next: consuming Self, lineShift: Int)
}

/// Parses the records of a text in stretches, one per core, and joins them into exactly what
/// one pass from the start would give.
///
/// Every stretch but the first guesses that a record starts just after the first line break
/// in it; each chunk counts lines from 1. The join checks each guess: a chunk is kept only if
/// its first record starts where the previous chunk's last record ended (then, since a record
/// depends only on where it starts, its rows are the ones one pass would read). Otherwise (the
/// line break was inside a quoted field) the stretch is parsed again from where the previous
/// record really ended. Results therefore never depend on the number of chunks.
struct ChunkedRecords: Sendable {
    /// How many stretches; nil: one per core for texts large enough to gain.
    var chunks: Int?

    /// Texts smaller than this are parsed in one piece: starting threads would cost more.
    static let bytesPerChunk = 1 << 20

    init(chunks: Int? = nil) {
        self.chunks = chunks
    }

    /// Parses the records of `text` from `start` (on `line`) to the end.
    ///
    /// - Parameter parse: parses the records of `text` that start at or after `offset` (on
    ///   `line`) and before `stop`; it must not fail on what it finds, since a guessed start
    ///   may be wrong.
    func parse<Chunk: RecordChunk>(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, line: Int,
        _ parse: @Sendable (_ text: UnsafeBufferPointer<UInt8>, _ offset: Int, _ line: Int, _ stop: Int) -> Chunk
    ) throws -> Chunk {
        let stops = Self.stops(in: text, from: start, chunks: chunks ?? Self.defaultChunks(for: text.count - start))
        let shared = SharedText(bytes: text)
        var parts = try Parallel.map(stops.count) { index in
            index == 0
                ? parse(shared.bytes, start, line, stops[0]) : parse(shared.bytes, stops[index - 1], 1, stops[index])
        }
        // Taken out of `parts` one by one, so each chunk is freed once it is joined.
        parts.reverse()
        var rows = parts.removeLast()
        for index in 1..<stops.count {
            let part = parts.removeLast()
            if part.start == rows.end {
                rows.append(part, lineShift: rows.endLine - part.startLine)
            } else {
                rows.append(parse(text, rows.end, rows.endLine, stops[index]), lineShift: 0)
            }
        }
        return rows
    }

    /// The text, read by every chunk at once and written by none.
    private struct SharedText: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// How many chunks `count` bytes are parsed in.
    private static func defaultChunks(for count: Int) -> Int {
        min(ProcessInfo.processInfo.activeProcessorCount, max(1, count / bytesPerChunk))
    }

    /// Where each of `chunks` stretches of the records ends: just past a line break near each
    /// equal share of the bytes after `start`, and the end of the text for the last.
    static func stops(in text: UnsafeBufferPointer<UInt8>, from start: Int, chunks: Int) -> [Int] {
        var stops: [Int] = []
        for share in 1..<max(1, chunks) {
            var stop = max(start + (text.count - start) * share / chunks, stops.last ?? start)
            while stop < text.count, text[stop] != 10 { stop += 1 }
            stops.append(min(stop + 1, text.count))
        }
        stops.append(text.count)
        return stops
    }

    /// About how many records follow `start`, from the length of the lines in the first
    /// 64 kB, with a little to spare: columns reserved that large are not copied as they grow.
    static func estimatedRecords(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let sample = text[start..<min(text.count, start + 1 << 16)]
        let lines = sample.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        guard lines > 0 else { return text.count / 64 }
        return (text.count - start) / (sample.count / lines) * 21 / 20
    }
}

extension RejectedRow {
    /// The same reject `lines` further down the file: for a chunk's rejects, whose lines count
    /// from the chunk's start.
    func movedDown(lines: Int) -> RejectedRow {
        var moved = self
        moved.location.line = location.line.map { $0 + lines }
        return moved
    }
}
