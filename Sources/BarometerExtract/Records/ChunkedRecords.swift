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
///
/// Cores are not equally fast on a shared machine, nor stretches equally hard: a worker done
/// with its stretch takes the second half of what is left of the stretch with most left
/// (`StretchEnd`), which becomes one more chunk to join, so that no core waits for another.
struct ChunkedRecords: Sendable {
    /// How many stretches to start with; nil: one per core for texts large enough to gain.
    var chunks: Int?
    /// A worker takes half of another's stretch only when both halves would be at least this
    /// long: a smaller piece gains less than its join costs.
    var minimumSteal = 2 << 20
    /// How often, in bytes, a worker reports its progress and reads its stop again.
    var checkStride = 1 << 18

    /// Texts smaller than this are parsed in one piece: starting threads would cost more.
    static let bytesPerChunk = 1 << 20

    init(chunks: Int? = nil) {
        self.chunks = chunks
    }

    /// Parses the records of `text` from `start` (on `line`) to the end.
    ///
    /// - Parameter parse: parses the records of `text` that start at or after `offset` (on
    ///   `line`) and before `end` allows; it must not fail on what it finds, since a guessed
    ///   start may be wrong.
    func parse<Chunk: RecordChunk>(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, line: Int,
        _ parse: @Sendable (_ text: UnsafeBufferPointer<UInt8>, _ offset: Int, _ line: Int, _ end: StretchEnd) -> Chunk
    ) throws -> Chunk {
        let count = chunks ?? Self.defaultChunks(for: text.count - start)
        let stretches = Stretches(text: text, from: start, chunks: count, minimumSteal: minimumSteal, checkStride: checkStride)
        let shared = SharedText(bytes: text)
        // Each worker parses its stretch, then stretches it takes from the others.
        let parts = try Parallel.map(count) { worker in
            var parsed: [(stretch: Int, chunk: Chunk)] = []
            var next: Int? = worker
            while let stretch = next {
                let begin = stretches.begin(of: stretch)
                parsed.append((stretch, parse(shared.bytes, begin, begin == start ? line : 1, stretches.end(of: stretch))))
                next = stretches.steal(after: stretch)
            }
            return parsed
        }
        // Taken out one by one, in text order, so each chunk is freed once it is joined.
        var ordered = parts.joined().sorted { stretches.begin(of: $0.stretch) > stretches.begin(of: $1.stretch) }
        var rows = ordered.removeLast().chunk
        while let (stretch, part) = ordered.popLast() {
            if part.start == rows.end {
                rows.append(part, lineShift: rows.endLine - part.startLine)
            } else {
                rows.append(parse(text, rows.end, rows.endLine, StretchEnd(fixed: stretches.stop(of: stretch))), lineShift: 0)
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

/// Where a stretch's parse must stop: the start of a record at or past its stop, which
/// another worker may bring forward by taking the rest of the stretch.
///
/// The parse asks `allows(_:)` before each record; it reports its progress and reads the stop
/// again every `ChunkedRecords.checkStride` bytes, so the lock is taken a few hundred times per
/// 100 MB.
struct StretchEnd {
    private let stretches: Stretches?
    private let index: Int
    private var stop: Int
    private var nextCheck: Int

    fileprivate init(stretches: Stretches, index: Int) {
        self.stretches = stretches
        self.index = index
        stop = stretches.stop(of: index)
        nextCheck = stretches.begin(of: index)
    }

    /// A stop no one moves.
    init(fixed stop: Int) {
        stretches = nil
        index = 0
        self.stop = stop
        nextCheck = .max
    }

    /// Whether a record that starts at `offset` is the stretch's to parse.
    @inline(__always)
    mutating func allows(_ offset: Int) -> Bool {
        if offset >= nextCheck, let stretches {
            stop = stretches.stop(of: index, reached: offset)
            nextCheck = offset + stretches.checkStride
        }
        return offset < stop
    }

    /// The stop as last read.
    var current: Int { stop }
}

/// The stretches of a text being parsed, shared by the workers: where each begins, how far
/// its worker has got and where it stops.
final class Stretches: @unchecked Sendable {
    private let lock = NSLock()
    private let text: UnsafeBufferPointer<UInt8>
    private let minimumSteal: Int
    let checkStride: Int
    private var begins: [Int]
    private var stops: [Int]
    private var reached: [Int]

    init(text: UnsafeBufferPointer<UInt8>, from start: Int, chunks: Int, minimumSteal: Int, checkStride: Int) {
        self.text = text
        self.minimumSteal = minimumSteal
        self.checkStride = checkStride
        stops = ChunkedRecords.stops(in: text, from: start, chunks: chunks)
        begins = [start] + stops.dropLast()
        reached = begins
    }

    func begin(of index: Int) -> Int { lock.withLock { begins[index] } }

    func stop(of index: Int) -> Int { lock.withLock { stops[index] } }

    func end(of index: Int) -> StretchEnd { StretchEnd(stretches: self, index: index) }

    /// Records that stretch `index` is parsed up to `offset`; returns where it stops.
    func stop(of index: Int, reached offset: Int) -> Int {
        lock.withLock {
            reached[index] = offset
            return stops[index]
        }
    }

    /// Marks stretch `done` parsed and takes the second half of what is left of the stretch
    /// with most left, from the first line break past its middle, as a new stretch; nil when no
    /// stretch has enough left.
    ///
    /// The stretch's worker sees its new stop within `checkStride` bytes of where it
    /// last reported, far short of the middle of what is left. (Should a record still run past
    /// it, the join finds the two chunks do not meet and parses the new one again.)
    func steal(after done: Int) -> Int? {
        lock.withLock {
            reached[done] = stops[done]
            guard let victim = stops.indices.max(by: { stops[$0] - reached[$0] < stops[$1] - reached[$1] }) else { return nil }
            let left = stops[victim] - reached[victim]
            guard left >= 2 * minimumSteal, left >= 4 * checkStride else { return nil }
            var split = reached[victim] + left / 2
            while split < stops[victim], text[split] != 10 { split += 1 }
            split += 1
            guard split < stops[victim] else { return nil }
            begins.append(split)
            stops.append(stops[victim])
            reached.append(split)
            stops[victim] = split
            return begins.count - 1
        }
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
