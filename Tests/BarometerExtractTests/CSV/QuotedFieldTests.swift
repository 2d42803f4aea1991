import BarometerCore
import Testing

@testable import BarometerExtract

/// Quoted free text is passed over 64 bytes at a time to its next quote or line break; fields
/// of every length, at every offset, with doubled quotes, delimiters and line breaks of every
/// kind inside, must read as the bytes say, and later records must start on the right line.
@Suite struct QuotedFieldTests {
    @Test(arguments: [false, true])
    func quotedTextReadsAsWrittenWithItsLineBreaksCounted(countsBareCR: Bool) {
        var generator = SplitMix64(seed: countsBareCR ? 2 : 1)
        let pieces = ["a", "b", "æ", " ", ";", "\"\"", "\n", "\r\n", "\r"]
        var text = ""
        var expected: [(line: Int, value: String)] = []
        var line = 1
        for row in 0..<300 {
            // Mostly plain letters, so runs of 64 bytes without a mark occur at every offset.
            let content = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                Int.random(in: 0..<10, using: &generator) < 8 ? "x" : pieces.randomElement(using: &generator)!
            }.joined()
            let record = "\(String(repeating: "p", count: row % 67));\"\(content)\";\(row % 10)"
            expected.append((line, content.replacingOccurrences(of: "\"\"", with: "\"")))
            text += record + "\n"
            let bytes = Array(record.utf8)
            line += 1 + bytes.indices.filter { bytes[$0] == 10 || countsBareCR && bytes[$0] == 13 && bytes[$0 + 1] != 10 }.count
        }
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVRecordScanner(text: buffer, delimiter: UInt8(ascii: ";"), countsBareCR: countsBareCR)
            var fields: [CSVRecordScanner.Field] = []
            for (index, row) in expected.enumerated() {
                guard let record = scanner.next(into: &fields) else {
                    Issue.record("record \(index) missing")
                    return
                }
                #expect(record.line == row.line)
                #expect(fields.count == 3)
                #expect(scanner.value(of: fields[1]) == row.value)
                #expect(scanner.value(of: fields[2]) == String(index % 10))
            }
            #expect(scanner.next(into: &fields) == nil)
            #expect(scanner.currentLine == line)
        }
    }
}
