import BarometerCore
import Foundation
import Testing

@testable import BarometerExtract

/// A workbook read in parallel stretches must give exactly what one pass gives, wherever the
/// cuts fall: between rows, inside comments, CDATA sections and processing instructions that
/// hold `<Row`, in a second worksheet after the one read, before rows that turn a column to
/// text or that are rejected.
@Suite struct SpreadsheetMLChunkTests {
    /// How element names are written: unprefixed in the default namespace, or with `ss:`.
    enum Names: CaseIterable {
        case defaultNamespace, prefixed
    }

    /// A workbook with everything that could leak across a cut; `tricky` adds comments, CDATA
    /// and processing instructions holding `<Row`.
    static func workbook(names: Names, lineEnd: String = "\n", rows: Int = 260, tricky: Bool = true) -> String {
        let p = names == .prefixed ? "ss:" : ""
        func cell(_ type: String, _ value: String, attributes: String = "") -> String {
            "<\(p)Cell\(attributes)><\(p)Data ss:Type=\"\(type)\">\(value)</\(p)Data></\(p)Cell>"
        }
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?mso-application progid=\"Excel.Sheet\"?>"]
        lines.append(
            names == .prefixed
                ? "<ss:Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"\(lineEnd) xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
                : "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"\(lineEnd) xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">")
        lines += [
            " <\(p)Styles><\(p)Style ss:ID=\"s1\"/></\(p)Styles>",
            " <\(p)Worksheet ss:Name=\"Data\">",
            "  <\(p)Table ss:ExpandedColumnCount=\"7\"\(lineEnd)   ss:ExpandedRowCount=\"\(rows + 1)\">",
            "   <\(p)Column ss:Width=\"40\"/>",
            "   <\(p)Row/>",
            "   <\(p)Row>" + cell("String", "id") + cell("String", "code") + cell("String", "amount")
                + cell("String", "note") + cell("String", "late") + "<\(p)Cell/>" + cell("String", "flag") + "</\(p)Row>",
        ]
        for row in 1...rows {
            var cells = cell("Number", String(row))
            cells += row == 78 ? cell("Number", "n/a") : cell("Number", String(row % 5))
            // Int32, then Double, then text.
            cells +=
                row == rows / 3 ? cell("Number", "2.5") : row == rows * 2 / 3 ? cell("String", "many") : cell("Number", String(row % 9))
            switch row % 6 {
            case 0:
                cells +=
                    "<\(p)Cell><\(p)Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\"><B>bold \(row)</B> and <Font>more</Font></\(p)Data></\(p)Cell>"
            case 1: cells += cell("String", "two\(lineEnd)lines &amp; &lt;Row&gt;")
            case 2 where tricky: cells += cell("String", "<![CDATA[<Row> in CDATA \(row)]]>")
            case 3: cells += "<\(p)Cell><\(p)Comment><\(p)Data>note</\(p)Data></\(p)Comment>" + cell("String", " padded ").dropFirst(6 + p.count)
            default: cells += cell("String", "")
            }
            // Int32 all along, then text in the last tenth: text met late in the last stretch.
            cells += row == rows * 9 / 10 ? cell("String", "007") : cell("Number", row % 4 == 0 ? " 00\(row % 3) " : "1\(row % 2)")
            if row % 23 == 0 { cells += cell("Number", "5", attributes: " ss:Index=\"6\"") }
            if row % 7 == 0 { cells += cell("Boolean", "1", attributes: " ss:Index=\"7\"") }
            if row % 11 == 0 { cells = cell("Number", String(row)) + cell("Number", "3", attributes: " ss:MergeAcross=\"2\"") + cell("Error", "#N/A") }
            if row == 120 { cells += cell("String", "stray", attributes: " ss:Index=\"9\"") }
            let start = row % 10 == 3 ? "<\(p)Row\(lineEnd)    ss:Height=\"15\">" : "<\(p)Row>"
            lines.append("   " + start + cells + "</\(p)Row>")
            if row % 13 == 0 { lines.append("   <\(p)Row></\(p)Row><\(p)Row/><\(p)Row>" + cell("String", "") + "</\(p)Row>") }
            if tricky, row % 17 == 0 {
                lines.append("   <!-- a row left out: <\(p)Row>" + cell("Number", "999") + "</\(p)Row> -->")
            }
            if tricky, row % 19 == 0 { lines.append("   <?barometer <\(p)Row> in an instruction ?>") }
        }
        lines += [
            "  </\(p)Table>",
            "  <x:WorksheetOptions xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><x:Selected/></x:WorksheetOptions>",
            " </\(p)Worksheet>",
            " <\(p)Worksheet ss:Name=\"Other\">",
            "  <\(p)Table>",
        ]
        for row in 0...rows {
            lines.append("   <\(p)Row>" + cell("String", "other \(row)") + cell("Number", String(row)) + "</\(p)Row>")
        }
        lines += ["  </\(p)Table>", " </\(p)Worksheet>", "</\(p)Workbook>"]
        return lines.joined(separator: lineEnd) + lineEnd
    }

    static func read(_ path: String, chunks: Int?, worksheet: String? = nil) throws -> ExtractResult {
        var reader = SpreadsheetMLReader(worksheet: worksheet)
        reader.chunks = chunks
        return try reader.read(path: path)
    }

    /// The stretched read alone, nil where the reader would fall back to one pass.
    static func stretched(_ path: String, chunks: Int, worksheet: String? = nil) throws -> ExtractResult? {
        var workbook = WorkbookHandler(path: path, worksheet: worksheet, pausesAtFirstRecord: true)
        try XMLPushParser.parse(path: path, into: &workbook)
        let start = try #require(workbook.recordsStart)
        return SpreadsheetMLStretches(path: path, chunks: chunks).read(from: start, sheet: workbook.sheet)
    }

    static let chunkCounts = [1, 2, 3, 4, 5, 7, 8, 13, 40, 97]

    @Test func onePassReadsWhatTheWorkbookHolds() throws {
        let text = Self.workbook(names: .defaultNamespace)
        let result = try SpreadsheetMLSafetyTests.withFile(Data(text.utf8)) { try Self.read($0, chunks: nil) }
        let data = result.dataset
        #expect(data.columnNames == ["id", "code", "amount", "note", "late", "column_6", "flag"])
        #expect(data["amount"]?.isText == true)
        #expect(data["late"]?.isText == true)
        #expect(data["late"].map { Array($0.texts.prefix(4)) } == ["11", "10", "11", "001"])
        #expect(result.rejects.map(\.reason) == [
            "a Number cell holds \"n/a\"", "column 9 has a value but no header (the header has 7 columns)",
        ])
        #expect(result.rowsRead == 260)
    }

    @Test(arguments: Names.allCases, ["\n", "\r\n"])
    func anySplitGivesTheSameResult(names: Names, lineEnd: String) throws {
        let text = Self.workbook(names: names, lineEnd: lineEnd)
        try SpreadsheetMLSafetyTests.withFile(Data(text.utf8)) { path in
            let whole = try Self.read(path, chunks: nil).summary
            for chunks in Self.chunkCounts {
                #expect(try Self.read(path, chunks: chunks).summary == whole, "\(chunks) chunks")
            }
            let other = try Self.read(path, chunks: nil, worksheet: "Other").summary
            for chunks in Self.chunkCounts {
                #expect(try Self.read(path, chunks: chunks, worksheet: "Other").summary == other, "\(chunks) chunks")
            }
        }
    }

    @Test(arguments: Names.allCases, ["\n", "\r\n"])
    func plainRowsAreReadInStretches(names: Names, lineEnd: String) throws {
        let text = Self.workbook(names: names, lineEnd: lineEnd, tricky: false)
        try SpreadsheetMLSafetyTests.withFile(Data(text.utf8)) { path in
            let whole = try Self.read(path, chunks: nil).summary
            for chunks in Self.chunkCounts {
                let split = try #require(try Self.stretched(path, chunks: chunks), "\(chunks) chunks")
                #expect(split.summary == whole, "\(chunks) chunks")
            }
        }
    }

    @Test func aCutInACommentFallsBackToOnePass() throws {
        // The one cut falls on the `<Row` in the comment; the stretch before it cannot end.
        let text = Self.workbook(names: .defaultNamespace, rows: 40, tricky: false)
        let comment = "<!-- <Row><Cell><Data ss:Type=\"Number\">999</Data></Cell></Row> -->"
        let padded = text.replacingOccurrences(
            of: "</Table>", with: String(repeating: " ", count: text.utf8.count * 3) + comment + "\n</Table>",
            options: [], range: text.range(of: "</Table>"))
        try SpreadsheetMLSafetyTests.withFile(Data(padded.utf8)) { path in
            let stretched = try Self.stretched(path, chunks: 2)
            #expect(stretched == nil)
            let split = try Self.read(path, chunks: 2).summary
            #expect(try split == Self.read(path, chunks: nil).summary)
        }
    }

    @Test(arguments: [
        ("<Row><Cell><Data ss:Type=\"String\">x</Cell></Row>", "not well-formed XML: Opening and ending tag mismatch: Data line"),
        ("<Row><Cell ss:Index=\"0\"><Data ss:Type=\"Number\">1</Data></Cell></Row>", "ss:Index=\"0\" must name a column"),
        ("<Row><Cell><Data ss:Type=\"String\">&unknown;</Data></Cell></Row>", ""),
    ])
    func errorsInTheRowsAreThoseOfOnePass(badRow: String, message: String) throws {
        var lines = Self.workbook(names: .defaultNamespace, rows: 60, tricky: false).components(separatedBy: "\n")
        let index = lines.firstIndex { $0.contains(">50<") }!
        lines.insert("   " + badRow, at: index)
        try SpreadsheetMLSafetyTests.withFile(Data(lines.joined(separator: "\n").utf8)) { path in
            let whole = barometerError { _ = try Self.read(path, chunks: nil) }
            #expect(whole?.message.hasPrefix(message) == true)
            for chunks in [1, 2, 3, 8] {
                let split = barometerError { _ = try Self.read(path, chunks: chunks) }
                #expect(split?.message == whole?.message)
                #expect(split?.location == whole?.location)
                #expect(split?.kind == whole?.kind)
            }
        }
    }

    @Test func aSmallWorkbookIsReadInOnePass() {
        #expect(SpreadsheetMLStretches.defaultChunks(forSize: 100_000) == 1)
    }
}
