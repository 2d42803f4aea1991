import BarometerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows the workbook's elements as they stream past: finds the worksheet to read, skips
/// everything else, and hands the rows, cells and cell text of that worksheet to a
/// `SheetBuilder`.
///
/// Which elements count, by local name (any namespace) and depth: the root must be
/// `Workbook`; of its children, `Worksheet`s; in the worksheet, `Row`s anywhere except inside
/// its children other than `Table` (`WorksheetOptions`, …); in a row, its `Cell` children; in
/// a cell, its `Data` children, whose text includes that of their descendants (`<B>` of rich
/// text). Children of a cell other than `Data` (`Comment`, …) are skipped with their subtree.
///
/// A handler made with `pausesAtFirstRecord` stops at the first `<Row>` after the header when
/// the rest of the worksheet can be read in stretches (`SpreadsheetMLStretches`), and says
/// where in `recordsStart`; otherwise it reads on as any other.
struct WorkbookHandler: XMLEventHandler {
    let path: String
    let worksheet: String?
    let pausesAtFirstRecord: Bool
    private(set) var sawWorkbook = false
    /// Worksheet names in document order, up to the one read.
    private(set) var seen: [String] = []
    /// The worksheet being (or that was) read, once `sheetDepth` is set.
    private(set) var sheet: SheetBuilder
    /// Whether the worksheet has ended.
    private(set) var isFinished = false
    /// Where the parse paused, if it did.
    private(set) var recordsStart: RecordsStart?

    var isDone: Bool { isFinished || recordsStart != nil }

    /// The byte offsets (each of the `>` closing a start tag, as `XMLStartTag.byteOffset` gives
    /// them) from which the rest of the worksheet can be parsed on its own: the ancestors'
    /// start tags, for the namespaces they declare, and the first record's.
    struct RecordsStart {
        var workbook: Int
        var worksheet: Int
        var table: Int
        var record: Int
        /// The line `XMLStartTag.line` gives for the record's start tag.
        var recordLine: Int
    }

    /// Start tag offsets of the open ancestors of the rows, while pausing is possible.
    private var workbookOffset: Int?
    private var worksheetOffset: Int?
    private var tableOffset: Int?

    /// The depth of the element whose subtree is being skipped.
    private var skipping: Int?
    private var sheetDepth: Int?
    private var rowDepth: Int?
    private var cellDepth: Int?
    private var dataDepth: Int?

    init(path: String, worksheet: String?, pausesAtFirstRecord: Bool = false) {
        self.path = path
        self.worksheet = worksheet
        self.pausesAtFirstRecord = pausesAtFirstRecord
        sheet = SheetBuilder(path: path)
    }

    /// A handler for a stretch of a worksheet's rows, as a document of its own whose first
    /// worksheet is the one read (`SpreadsheetMLChunk`): `sheet` knows the header.
    init(path: String, continuing sheet: SheetBuilder) {
        self.path = path
        worksheet = nil
        pausesAtFirstRecord = false
        self.sheet = sheet
    }

    mutating func startElement(_ tag: XMLStartTag) throws {
        guard skipping == nil, dataDepth == nil else { return }
        let depth = tag.depth
        if depth == 0 {
            guard tag.localNameIs("Workbook") else {
                throw BarometerError(
                    .badData, "expected a SpreadsheetML <Workbook>, found <\(tag.qualifiedName)>",
                    at: SourceLocation(file: path, line: tag.line))
            }
            sawWorkbook = true
            if pausesAtFirstRecord { workbookOffset = tag.byteOffset }
        } else if let sheetDepth {
            if let rowDepth {
                if let cellDepth {
                    // A child of the cell: its value, or something to skip.
                    guard depth == cellDepth + 1, tag.localNameIs("Data") else {
                        skipping = depth
                        return
                    }
                    sheet.startData(type: Self.cellType(tag), line: tag.line)
                    dataDepth = depth
                } else if depth == rowDepth + 1, tag.localNameIs("Cell") {
                    try sheet.startCell(tag)
                    cellDepth = depth
                }
            } else if tag.localNameIs("Row") {
                if pausesAtFirstRecord, sheet.hasHeader, pause(at: tag) { return }
                sheet.startRow(line: tag.line)
                rowDepth = depth
            } else if depth == sheetDepth + 1 {
                if !tag.localNameIs("Table") {
                    skipping = depth
                } else if pausesAtFirstRecord {
                    tableOffset = tag.byteOffset
                }
            }
        } else {
            // A child of the workbook: a worksheet, or Styles, DocumentProperties, … to skip.
            guard tag.localNameIs("Worksheet") else {
                skipping = depth
                return
            }
            let name = tag.attribute("Name", namespace: SpreadsheetMLReader.namespace) ?? "Sheet\(seen.count + 1)"
            seen.append(name)
            if let worksheet, worksheet != name {
                skipping = depth
                return
            }
            sheetDepth = depth
            if pausesAtFirstRecord { worksheetOffset = tag.byteOffset }
        }
    }

    /// Pauses at `tag`, the first record's start tag, if the rows can be split from here: it
    /// is a child of a `Table` that is a child of the worksheet, a child of the root, so that
    /// a stretch is the rows' bytes behind copies of those three start tags.
    private mutating func pause(at tag: XMLStartTag) -> Bool {
        guard tag.depth == 3, sheetDepth == 1, let workbookOffset, let worksheetOffset, let tableOffset,
            let record = tag.byteOffset
        else { return false }
        recordsStart = RecordsStart(
            workbook: workbookOffset, worksheet: worksheetOffset, table: tableOffset, record: record, recordLine: tag.line)
        return true
    }

    mutating func endElement(depth: Int) throws {
        if let skipping {
            if depth == skipping { self.skipping = nil }
        } else if depth == dataDepth {
            sheet.endData()
            dataDepth = nil
        } else if depth == cellDepth {
            cellDepth = nil
        } else if depth == rowDepth {
            try sheet.endRow()
            rowDepth = nil
        } else if depth == sheetDepth {
            isFinished = true
        }
    }

    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Only a cell's value is read; whitespace between elements and other text is not.
        if dataDepth != nil { sheet.appendText(bytes) }
    }

    private static func cellType(_ tag: XMLStartTag) -> SheetBuilder.CellType {
        tag.withAttribute("Type", namespace: SpreadsheetMLReader.namespace) { value -> SheetBuilder.CellType in
            guard let value else { return .text }  // String is the default
            func isType(_ name: StaticString) -> Bool {
                value.count == name.utf8CodeUnitCount && memcmp(value.baseAddress!, name.utf8Start, value.count) == 0
            }
            if isType("Number") { return .number }
            if isType("Boolean") { return .boolean }
            if isType("Error") { return .missing }
            return .text  // String, DateTime
        }
    }
}
