import BarometerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One stretch of a worksheet's rows, parsed on its own: the unit of work when a workbook is
/// read on several cores (`SpreadsheetMLStretches`).
///
/// The stretch's bytes are parsed as a document of their own, behind copies of the start tags
/// of the workbook, worksheet and table (so that namespace prefixes resolve as in the file)
/// and, unless the stretch runs to the end of the file, before a marker element and the
/// matching end tags. The prologue adds no line, so lines count from the stretch's first.
/// Nothing about the stretch is trusted: a parse that fails for any reason (a stretch that
/// starts or ends inside a comment, a CDATA section, a processing instruction, bad data)
/// gives no chunk, and the caller reads the file in one pass instead.
struct SpreadsheetMLChunk: Sendable {
    /// The stretch's rows, with lines counted from its first line.
    private(set) var sheet: SheetBuilder
    /// Line breaks in the stretch's bytes, when `continues` (else in those it got to).
    private(set) var lineBreaks: Int
    /// Whether the worksheet is still open at the end of the stretch: the rows go on in the
    /// next one. A stretch that reached the worksheet's end tag is the last one that counts.
    private(set) var continues: Bool

    /// The element after a stretch's bytes that tells whether the parse got there with the
    /// worksheet still open.
    static let marker: StaticString = "BarometerStretchEnd"

    /// Parses bytes `range` of `file` (the file at `path`) behind `prologue`, followed by
    /// `epilogue` (which starts with the `marker` element), or by nothing if `epilogue` is nil
    /// (the last stretch, which must reach the worksheet's end on its own); the rows go into a
    /// sheet continuing `header`'s. Nil if the stretch cannot be read exactly so.
    static func parse(
        file: Int32, path: String, range: Range<Int>, prologue: [UInt8], epilogue: [UInt8]?, header: SheetBuilder
    ) -> SpreadsheetMLChunk? {
        var handler = Handler(
            workbook: WorkbookHandler(path: path, continuing: SheetBuilder(continuing: header)),
            markerOffset: prologue.count + range.count)
        var lines = LineBreakCounter()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: XMLPushParser.chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        do {
            try prologue.withUnsafeBytes { prologue in
                try (epilogue ?? []).withUnsafeBytes { epilogue in
                    var stage = 0
                    var offset = range.lowerBound
                    try XMLPushParser.parse(sourceName: path, into: &handler) {
                        while true {
                            switch stage {
                            case 0:
                                stage = 1
                                if !prologue.isEmpty { return prologue }
                            case 1:
                                let count = min(buffer.count, range.upperBound - offset)
                                guard count > 0 else {
                                    stage = 2
                                    continue
                                }
                                let read = pread(file, buffer.baseAddress, count, off_t(offset))
                                guard read > 0 else {
                                    throw BarometerError(.missingInput, "cannot read \(path): \(String(cString: strerror(errno)))")
                                }
                                offset += read
                                let piece = UnsafeRawBufferPointer(rebasing: buffer[..<read])
                                lines.add(piece)
                                return piece
                            case 2:
                                stage = 3
                                if !epilogue.isEmpty { return epilogue }
                            default:
                                return UnsafeRawBufferPointer(start: nil, count: 0)
                            }
                        }
                    }
                }
            }
        } catch {
            return nil
        }
        let continues = epilogue != nil && handler.reachedMarker
        // Lines after a carriage return alone might not be the file's: such a stretch is not
        // used. One at the very end matters only if the rows go on.
        guard handler.workbook.isFinished, !lines.hasLoneReturn, !(continues && lines.endsWithReturn) else { return nil }
        return SpreadsheetMLChunk(sheet: handler.workbook.sheet, lineBreaks: lines.count, continues: continues)
    }

    /// A `WorkbookHandler` that also notices the marker after the stretch's bytes, by its
    /// offset, so that an element of that name in the data is not taken for it.
    private struct Handler: XMLEventHandler {
        var workbook: WorkbookHandler
        /// Where the marker's start tag begins in the document parsed.
        let markerOffset: Int
        private(set) var reachedMarker = false

        init(workbook: WorkbookHandler, markerOffset: Int) {
            self.workbook = workbook
            self.markerOffset = markerOffset
        }

        var isDone: Bool { workbook.isDone }

        mutating func startElement(_ tag: XMLStartTag) throws {
            if tag.localNameIs(SpreadsheetMLChunk.marker), let offset = tag.byteOffset, offset > markerOffset {
                reachedMarker = true
                return
            }
            try workbook.startElement(tag)
        }

        mutating func endElement(depth: Int) throws {
            try workbook.endElement(depth: depth)
        }

        mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
            workbook.characters(bytes)
        }
    }
}

/// Counts the line breaks in bytes given in turn as libxml2 counts lines: a line feed, alone
/// or after a carriage return. A carriage return alone, which libxml2 does not count alike on
/// all its paths, is noticed so the count is not relied on.
struct LineBreakCounter {
    private(set) var count = 0
    /// Whether a carriage return was followed by something other than a line feed.
    private(set) var hasLoneReturn = false
    /// Whether the last byte given was a carriage return, whose line feed may come next.
    private(set) var endsWithReturn = false

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if endsWithReturn, bytes[0] != 10 { hasLoneReturn = true }
        var feeds = 0
        var returns = 0
        // Two counts the compiler vectorises; the returns are looked at only if there are any.
        for byte in bytes {
            feeds &+= byte == 10 ? 1 : 0
            returns &+= byte == 13 ? 1 : 0
        }
        count += feeds
        endsWithReturn = bytes[bytes.count - 1] == 13
        if returns > 0 {
            for index in 0..<(bytes.count - 1) where bytes[index] == 13 && bytes[index + 1] != 10 {
                hasLoneReturn = true
                break
            }
        }
    }
}
