import BarometerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an Excel 2003 XML workbook (SpreadsheetML: `<Workbook>`, `<Worksheet>`, `<Table>`,
/// `<Row>`, `<Cell>`, `<Data ss:Type>`), the "XML" export of SurveyXact and Excel.
///
/// One worksheet, streamed: the first, or the one named at `init`. Its first non-empty row is
/// the header; each later non-empty row is a respondent (empty rows are not counted).
/// `ss:Index` on a cell skips columns (the skipped cells are empty), `ss:MergeAcross` spans
/// them. A column is `Int32` when all its cells are whole `Number`s, `Double` when all are
/// `Number`s (`Boolean` counts as 0/1; padding such as `0800` or `+3` is read as the number),
/// and text as soon as one cell is `String` or `DateTime`; `Error` cells are missing. Header cells left empty name their column
/// `column_<n>`, unless the whole column is empty, in which case it is dropped.
///
/// Rejected rows: a `Number` cell that is not a number, a value in a column with no header.
/// `Dataset.sourceLines` are the lines of the `<Row>` start tags.
public struct SpreadsheetMLReader: Sendable {
    /// The worksheet to read (`ss:Name`); nil for the first.
    public var worksheet: String?

    /// How many stretches the rows are parsed in (`SpreadsheetMLStretches`); nil: one per
    /// core, for files large enough to gain from it. Tests set it to check that the split
    /// never shows.
    var chunks: Int?

    public init(worksheet: String? = nil) {
        self.worksheet = worksheet
    }

    static let namespace: StaticString = "urn:schemas-microsoft-com:office:spreadsheet"
    /// `Number` cells are numbers by declaration, so any spelling of one counts.
    static let numbers = NumberParser(acceptsComma: false, form: .padded)

    public func read(path: String) throws -> ExtractResult {
        // libxml2's SAX2 push parser rather than `XMLStreamReader`: a workbook is one element
        // per cell, and building a reader node for each took most of the time.
        // A large file is read on in stretches from the first record, if the pass from the
        // start can pause there; if the stretches cannot give what one pass would, one pass does.
        let chunks = chunks ?? Self.defaultChunks(path: path)
        var workbook = WorkbookHandler(path: path, worksheet: worksheet, pausesAtFirstRecord: chunks > 1 || self.chunks != nil)
        try XMLPushParser.parse(path: path, into: &workbook)
        if let start = workbook.recordsStart {
            let stretches = SpreadsheetMLStretches(path: path, chunks: chunks)
            if let result = stretches.read(from: start, sheet: workbook.sheet) { return result }
            workbook = WorkbookHandler(path: path, worksheet: worksheet)
            try XMLPushParser.parse(path: path, into: &workbook)
        }
        if workbook.isFinished { return try workbook.sheet.finish() }
        guard workbook.sawWorkbook else {
            throw BarometerError(.badData, "no SpreadsheetML <Workbook> in the file", at: SourceLocation(file: path))
        }
        if let worksheet {
            throw BarometerError(
                .usage,
                "\(path) has no worksheet named '\(worksheet)' (it has: \(workbook.seen.map { "'\($0)'" }.joined(separator: ", ")))")
        }
        throw BarometerError(.badData, "the workbook has no worksheet", at: SourceLocation(file: path))
    }

    /// One stretch per core for a large file, else 1; 1 also if its size is unknown (the
    /// parse then says why it cannot be read).
    private static func defaultChunks(path: String) -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else { return 1 }
        return SpreadsheetMLStretches.defaultChunks(forSize: Int(status.st_size))
    }
}
