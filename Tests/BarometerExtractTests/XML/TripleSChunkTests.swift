import BarometerCore
import Testing

@testable import BarometerExtract

/// A Triple-S data file decoded in parallel stretches must give exactly what one pass gives,
/// wherever the stretches start: after the skipped header, inside quoted line breaks, among
/// blank lines and rejected records.
@Suite struct TripleSChunkTests {
    func variable(_ name: String, _ type: TripleSVariable.VariableType, _ start: Int, _ finish: Int, values: [Int] = [])
        -> TripleSVariable
    {
        TripleSVariable(
            name: name, type: type, start: start, finish: finish,
            values: values.map { ValueLabel(code: String($0), label: "v\($0)") }, location: SourceLocation(file: "t.sss"))
    }

    func decode(_ data: String, format: TripleSRecordLayout.Format, skip: Int, chunks: Int) throws -> [String] {
        let variables =
            format == .fixed
            ? [variable("id", .quantity, 1, 4), variable("code", .single, 5, 5, values: [1, 2, 3]), variable("note", .character, 6, 11)]
            : [variable("id", .quantity, 1, 1), variable("code", .single, 2, 2, values: [1, 2, 3]), variable("note", .character, 3, 3)]
        let metadata = TripleSMetadata(
            path: "t.sss", record: TripleSRecordLayout(format: format, skip: skip), variables: variables, codebook: Codebook())
        var decoder = TripleSRecordDecoder(metadata: metadata, dataPath: "t.dat")
        decoder.chunks = chunks
        let result = try decoder.decode(Array(data.utf8))
        var lines = ["read \(result.rowsRead), lines \(result.dataset.sourceLines)"]
        for column in result.dataset.columns {
            lines.append(column.name + ": " + (0..<column.count).map { column.text(at: $0) }.joined(separator: "|"))
        }
        return lines + result.rejects.map { "\($0.location) \($0.variable ?? "-") \($0.reason) [\($0.raw)]" }
    }

    static let fixed: String = {
        var lines = ["HEADER"]
        for row in 1...150 {
            let code = row % 37 == 0 ? 7 : row % 3 + 1  // 7 is not a listed code
            lines.append(String(format: "%04d", row) + String(code) + (row % 4 == 0 ? "ærø æ" : "text  "))
            if row % 23 == 0 { lines += ["", "\u{1A}"] }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }()

    static let csv: String = {
        var lines = ["id,code,note"]
        for row in 1...150 {
            let code = row % 41 == 0 ? 9 : row % 3 + 1
            let note =
                switch row % 5 {
                case 0: "\"two\nlines, \"\"quoted\"\"\""
                case 1: "\"\n\n\""
                default: "plain \(row)"
                }
            lines.append("\(row),\(code),\(note)")
            if row % 29 == 0 { lines.append("") }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test(arguments: [2, 3, 7, 40, 500])
    func fixedWidthSplitsNeverShow(chunks: Int) throws {
        let whole = try decode(Self.fixed, format: .fixed, skip: 1, chunks: 1)
        #expect(whole[0].hasPrefix("read 150"))
        #expect(whole.contains { $0.contains("code 7 is not in the value list") })
        #expect(try decode(Self.fixed, format: .fixed, skip: 1, chunks: chunks) == whole)
    }

    @Test(arguments: [2, 3, 7, 40, 500])
    func csvSplitsNeverShow(chunks: Int) throws {
        let whole = try decode(Self.csv, format: .csv, skip: 1, chunks: 1)
        #expect(whole[0].hasPrefix("read 150"))
        #expect(whole.contains { $0.contains("code 9 is not in the value list") })
        #expect(try decode(Self.csv, format: .csv, skip: 1, chunks: chunks) == whole)
    }

    @Test func aQuoteThatNeverClosesInTheSkippedHeaderFailsThere() throws {
        #expect {
            try decode("\"id,code\n1,1,a\n", format: .csv, skip: 1, chunks: 1)
        } throws: { error in
            (error as? BarometerError)?.location?.line == 1 && (error as? BarometerError)?.location?.column == 1
        }
    }

    @Test(arguments: [1, 2, 5])
    func aQuoteThatNeverClosesFailsAtItsLine(chunks: Int) throws {
        let data = Self.csv + "151,1,\"open\n152,1,x\n"
        #expect {
            try decode(data, format: .csv, skip: 1, chunks: chunks)
        } throws: { error in
            (error as? BarometerError)?.location?.line == Self.csv.filter { $0 == "\n" }.count + 1
        }
    }
}
