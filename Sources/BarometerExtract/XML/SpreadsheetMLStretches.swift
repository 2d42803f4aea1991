import BarometerCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the rows of a worksheet in stretches, one per core, and joins them into exactly what
/// one pass would give; or gives up, and the caller makes that one pass.
///
/// A pass from the start has read the header and paused at the first record
/// (`WorkbookHandler.RecordsStart`). The rest of the file is cut just before a start tag of a
/// row, spelled as the first record's (`<Row`, `<ss:Row`, …), near each equal share, and each
/// stretch parsed on its own (`SpreadsheetMLChunk`). A row depends only on its own bytes and
/// the header, so the rows of stretches that parse are the rows one pass reads; a cut in a
/// comment, CDATA section or processing instruction leaves the stretch before it unfinished,
/// which fails its parse. The worksheet may end in any stretch: the ones after it are not
/// used. Lines are shifted by the line breaks before each stretch.
///
/// Only UTF-8 documents without a DTD are split: elsewhere libxml2's offsets are not the
/// file's bytes, or the DTD could give attributes (and namespaces) a stretch would not see.
struct SpreadsheetMLStretches {
    let path: String
    let chunks: Int

    /// Files smaller than this are read in one pass: starting threads would cost more.
    static let bytesPerChunk = 4 << 20

    /// How many stretches a file of `size` bytes is read in by default.
    static func defaultChunks(forSize size: Int) -> Int {
        min(ProcessInfo.processInfo.activeProcessorCount, max(1, size / bytesPerChunk))
    }

    /// The worksheet read on from `start`, where the pass that read `sheet` (its header)
    /// paused; nil when the stretches cannot give exactly what one pass would.
    func read(from start: WorkbookHandler.RecordsStart, sheet: SheetBuilder) -> ExtractResult? {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        guard let layout = Layout(file: file, size: size, start: start) else { return nil }

        let starts = [layout.firstRecord] + cuts(file: file, size: size, from: layout.firstRecord, rowTag: layout.rowTag)
        let path = path
        let parts = try? Parallel.map(starts.count) { index in
            let isLast = index == starts.count - 1
            return SpreadsheetMLChunk.parse(
                file: file, path: path, range: starts[index]..<(isLast ? size : starts[index + 1]), prologue: layout.prologue,
                epilogue: isLast ? nil : layout.epilogue, header: sheet)
        }
        guard var parts else { return nil }

        // The stretches up to the one where the worksheet ends; each must have parsed.
        var used: [SheetBuilder] = []
        var shifts: [Int] = []
        var shift = layout.firstRecordLine - 1
        parts.reverse()
        while let part = parts.popLast() {
            guard let part else { return nil }
            used.append(part.sheet)
            shifts.append(shift)
            if !part.continues { break }
            shift += part.lineBreaks
        }
        parts = []
        var joined = sheet
        joined.append(consume used, lineShifts: shifts)
        return try? joined.finish()
    }

    /// Where stretches after the first start: just before a row's start tag at or after each
    /// equal share of the bytes from `start`, when there is one before the next share.
    private func cuts(file: Int32, size: Int, from start: Int, rowTag: [UInt8]) -> [Int] {
        var cuts: [Int] = []
        for share in 1..<max(1, chunks) {
            let from = max(start + (size - start) * share / chunks, (cuts.last ?? start) + 1)
            let limit = start + (size - start) * (share + 1) / chunks
            if let cut = Self.find(rowTag, in: file, from: from, before: limit) { cuts.append(cut) }
        }
        return cuts
    }

    /// The offset of the first `tag` (`<` and a row's name) at or after `start` that a
    /// whitespace, `>` or `/` ends and that starts before `limit`.
    private static func find(_ tag: [UInt8], in file: Int32, from start: Int, before limit: Int) -> Int? {
        let window = 1 << 16
        var offset = start
        while offset < limit {
            // Windows overlap by the tag's length and one, so a tag on their seam is found.
            let bytes = readBytes(file, offset..<(offset + window + tag.count + 1))
            guard bytes.count > tag.count else { return nil }
            var index = 0
            while index + tag.count < bytes.count, offset + index < limit {
                if bytes[index] == 60, bytes[index..<(index + tag.count)].elementsEqual(tag),
                    isNameEnd(bytes[index + tag.count])
                {
                    return offset + index
                }
                index += 1
            }
            offset += window
        }
        return nil
    }

    /// Whether `byte` ends an element's name in its start tag.
    private static func isNameEnd(_ byte: UInt8) -> Bool {
        byte == 62 || byte == 47 || XMLWhitespace.isSpace(byte)
    }

    /// Bytes `range` of `file`, fewer at its end.
    fileprivate static func readBytes(_ file: Int32, _ range: Range<Int>) -> [UInt8] {
        guard range.lowerBound >= 0, !range.isEmpty else { return [] }
        var bytes = [UInt8](repeating: 0, count: range.count)
        var count = 0
        while count < bytes.count {
            let read = bytes.withUnsafeMutableBytes {
                pread(file, $0.baseAddress! + count, $0.count - count, off_t(range.lowerBound + count))
            }
            guard read > 0 else { break }
            count += read
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// What every stretch needs of the file: the start tags around the rows, the first
    /// record's offset and line, and how a row's start tag is spelled.
    private struct Layout {
        /// The start tags of the workbook, worksheet and table, on one line.
        var prologue: [UInt8]
        /// The marker and the end tags of the table, worksheet and workbook.
        var epilogue: [UInt8]
        var firstRecord: Int
        var firstRecordLine: Int
        /// `<` and the qualified name of the first record's element.
        var rowTag: [UInt8]

        /// Longest start tag looked for; a longer one is not split after.
        static let longestTag = 1 << 16

        init?(file: Int32, size: Int, start: WorkbookHandler.RecordsStart) {
            guard let workbook = Self.startTag(file, closingAt: start.workbook),
                let worksheet = Self.startTag(file, closingAt: start.worksheet),
                let table = Self.startTag(file, closingAt: start.table),
                let record = Self.startTag(file, closingAt: start.record)
            else { return nil }
            // A DTD could default attributes (namespaces among them) the stretches would not get.
            guard workbook.offset <= Self.longestTag else { return nil }
            let before = SpreadsheetMLStretches.readBytes(file, 0..<workbook.offset)
            guard before.count == workbook.offset, !Self.contains(before, Array("<!DOCTYPE".utf8)) else { return nil }

            // The record's start tag may span lines; the line of its `<` is the one to start from.
            var lines = LineBreakCounter()
            record.text.prefix(start.record - record.offset).withUnsafeBytes { lines.add($0) }
            guard !lines.hasLoneReturn, !lines.endsWithReturn else { return nil }
            firstRecord = record.offset
            firstRecordLine = start.recordLine - lines.count
            rowTag = Array(record.text.prefix(1 + record.name.count))

            prologue = Self.oneLine(workbook.text) + Self.oneLine(worksheet.text) + Self.oneLine(table.text)
            epilogue = Array("<\(SpreadsheetMLChunk.marker)/>".utf8)
            for name in [table.name, worksheet.name, workbook.name] { epilogue += [60, 47] + name + [62] }
        }

        /// The start tag whose closing `>` (or `/>`) the parser stood at, at `offset`: where it
        /// starts, its text and its element's qualified name. Nil if it is not where expected.
        private static func startTag(_ file: Int32, closingAt offset: Int) -> (offset: Int, text: [UInt8], name: [UInt8])? {
            // An attribute value holds no `<`, so the last one before the offset opens the tag.
            let from = max(0, offset - longestTag)
            let before = SpreadsheetMLStretches.readBytes(file, from..<offset)
            let after = SpreadsheetMLStretches.readBytes(file, offset..<(offset + 2))
            guard before.count == offset - from, let open = before.lastIndex(of: 60),
                let close = after.firstIndex(of: 62), close == 0 || after[0] == 47
            else { return nil }
            let text = Array(before[open...] + after[...close])
            let name = text.dropFirst().prefix { !isNameEnd($0) }
            guard !name.isEmpty else { return nil }
            return (from + open, text, Array(name))
        }

        /// A start tag's text with its line breaks made spaces, which is what XML makes of them
        /// between attributes and in attribute values alike.
        private static func oneLine(_ text: [UInt8]) -> [UInt8] {
            var result: [UInt8] = []
            result.reserveCapacity(text.count)
            for (index, byte) in text.enumerated() {
                if byte == 13, index + 1 < text.count, text[index + 1] == 10 { continue }
                result.append(byte == 10 || byte == 13 ? 32 : byte)
            }
            return result
        }

        private static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
            guard bytes.count >= pattern.count else { return false }
            return (0...(bytes.count - pattern.count)).contains { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
        }
    }
}
