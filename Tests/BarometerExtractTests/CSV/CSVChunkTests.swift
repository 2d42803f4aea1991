import BarometerCore
import Foundation
import Testing

@testable import BarometerExtract

/// A file read in parallel chunks must give exactly what one pass gives, wherever the chunk
/// boundaries fall: inside quoted line breaks, at blank lines, between a row and a later row
/// that repeats its id or turns its column to text.
@Suite struct CSVChunkTests {
    /// A file with every feature that could leak across a chunk boundary.
    static let text: String = {
        var lines = ["id;code;amount;note;mixed", ""]
        for row in 1...240 {
            let id = row % 97 == 0 ? row - 50 : row  // ids 97 and 194 repeat earlier ones
            let amount = row == 200 ? "2,5" : String(row % 7)  // the column becomes real late
            let note =
                switch row % 5 {
                case 0: "\"two\nlines; \"\"quoted\"\"\""
                case 1: "\"\n\n\n\""  // a quoted field of line breaks only
                default: "plain \(row)"
                }
            // The column becomes text late, first in a row later dropped for its repeated id.
            let mixed = row == 170 ? "text" : row == 97 ? "dup" : String(row)
            let code = row == 60 ? "9" : String(row % 3)  // 9 is not a listed code
            lines.append("\(id);\(code);\(amount);\(note);\(mixed)" + (row == 130 ? ";extra" : ""))
            if row % 31 == 0 { lines += ["", "\r"] }
            if row == 225 { lines.append(";;;;") }  // a row without an id
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static let codebook: Codebook = {
        var codebook = Codebook()
        codebook.add(Variable(name: "code", kind: .single, valueLabels: (0...2).map { ValueLabel(code: String($0), label: "c\($0)") }))
        codebook.add(Variable(name: "note", kind: .text))
        return codebook
    }()

    func read(chunks: Int, minimumSteal: Int? = nil) throws -> ExtractResult {
        var reader = CSVReader(dialect: CSVDialect(delimiter: .byte(UInt8(ascii: ";"))))
        reader.split.chunks = chunks
        if let minimumSteal {
            reader.split.minimumSteal = minimumSteal
            reader.split.checkStride = 1
        }
        return try reader.read(
            bytes: Array(Self.text.utf8), sourceName: "t.csv", codebook: Self.codebook, options: ExtractOptions(idColumn: "id"))
    }

    @Test func oneChunkReadsTheFileAsOnePassDoes() throws {
        let result = try read(chunks: 1)
        #expect(result.rowsRead == 241)
        #expect(result.rejects.map(\.reason).contains("the id is missing"))
        #expect(result.rejects.map(\.reason).contains("duplicate id 47, first seen on line 90"))
        #expect(result.rejects.contains { $0.reason.hasPrefix("code 9 is not in the codebook") })
        #expect(result.rejects.contains { $0.reason == "expected 5 fields, found 6" })
        #expect(result.rowsRead == result.dataset.rowCount + result.rejects.count)
    }

    @Test(arguments: [2, 3, 5, 8, 13, 40, 300])
    func anySplitGivesTheSameResult(chunks: Int) throws {
        let whole = try read(chunks: 1).summary
        let split = try read(chunks: chunks).summary
        #expect(split == whole)
    }

    /// Workers done early take the second half of others' stretches, wherever those stand: a
    /// steal can fall inside a quoted line break, or just before a stretch's worker reaches it.
    @Test(arguments: [2, 3, 5, 8])
    func stealingWorkGivesTheSameResult(chunks: Int) throws {
        let whole = try read(chunks: 1).summary
        for minimumSteal in [1, 16, 200] {
            #expect(try read(chunks: chunks, minimumSteal: minimumSteal).summary == whole, "minimum steal \(minimumSteal)")
        }
    }

    /// A column that meets text reads its chunk's earlier rows again as text and goes on as
    /// text; chunks that disagree are refilled from every row when joined.
    @Test(arguments: [1, 2, 3, 7, 40])
    func aColumnThatMeetsTextKeepsEveryCellAsWritten(chunks: Int) throws {
        let result = try read(chunks: chunks)
        guard let ids = result.dataset["id"], let mixed = result.dataset["mixed"], case .text = mixed.values else {
            Issue.record("mixed is not a text column")
            return
        }
        let expected = (0..<ids.count).map { row in
            let id = ids.code(at: row) ?? -1
            return id == 170 ? "text" : String(id)
        }
        #expect((0..<mixed.count).map { mixed.text(at: $0) } == expected)
        #expect(expected.count == 236)
    }

    @Test(arguments: [1, 2, 7])
    func aSingleByteFileReadsAsItsUTF8Twin(chunks: Int) throws {
        let text = "id;navn;x\n1;Ærø;1\nØ2;\"Århus \"\"Ø\"\"\";2\nØ2;æ;3\n4;€ – …;x\n"
        var reader = CSVReader(dialect: CSVDialect(delimiter: .byte(UInt8(ascii: ";")), encoding: .windows1252))
        reader.split.chunks = chunks
        var codebook = Codebook()
        codebook.add(Variable(name: "x", kind: .quantity))
        let options = ExtractOptions(idColumn: "id")
        let ansi = try reader.read(bytes: Windows1252.encode(text)!, sourceName: "t.csv", codebook: codebook, options: options)
        reader.dialect.encoding = .utf8
        let utf8 = try reader.read(bytes: Array(text.utf8), sourceName: "t.csv", codebook: codebook, options: options)
        #expect(ansi.summary == utf8.summary)
        #expect(ansi.rejects.map(\.reason) == ["duplicate id Ø2, first seen on line 3", "'x' is not a number, but x is numeric in the codebook"])
        #expect(ansi.rejects.map(\.raw) == ["Ø2;æ;3", "4;€ – …;x"])
        #expect(ansi.dataset["navn"].map { column in (0..<column.count).map { column.text(at: $0) } } == ["Ærø", "Århus \"Ø\""])
    }

    /// A file is read where it is mapped, its pages handed back as the chunks pass them (here
    /// after every record): the repeated ids and the column refilled as text look back at pages
    /// already let go, which come back from the file, so the result is what the bytes give.
    @Test(arguments: [1, 2, 5])
    func aMappedFileHandedBackAsItIsReadGivesWhatItsBytesGive(chunks: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-mapped-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(Self.text.utf8.count > 4096)
        var reader = CSVReader(dialect: CSVDialect(delimiter: .byte(UInt8(ascii: ";"))))
        reader.split.chunks = chunks
        reader.releaseStride = 1
        let options = ExtractOptions(idColumn: "id")
        let mapped = try reader.read(path: path, codebook: Self.codebook, options: options)
        reader.split.chunks = 1
        let bytes = try reader.read(bytes: Array(Self.text.utf8), sourceName: path, codebook: Self.codebook, options: options)
        #expect(mapped.summary == bytes.summary)
        #expect(mapped.rejects.count == 5)
    }

    @Test func splitsFallJustAfterLineBreaks() throws {
        let bytes = Array("h\naa\nbbbb\ncc\n".utf8)
        bytes.withUnsafeBufferPointer { text in
            #expect(ChunkedRecords.stops(in: text, from: 2, chunks: 2) == [10, 13])
            #expect(ChunkedRecords.stops(in: text, from: 2, chunks: 1) == [13])
            #expect(ChunkedRecords.stops(in: text, from: 2, chunks: 20).last == 13)
        }
    }
}
