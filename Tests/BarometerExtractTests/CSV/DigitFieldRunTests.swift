import BarometerCore
import CByteMasks
import Testing

@testable import BarometerExtract

/// Runs of one-digit fields ("1;0;9;") are found 64 bytes at a time and stored whole; what
/// they give must be what the field-by-field path gives, wherever a run starts, breaks or
/// meets a record's end.
@Suite struct DigitFieldRunTests {
    /// The one-digit fields opening `bytes`, one byte at a time.
    func plainRun(_ bytes: [UInt8], delimiter: UInt8) -> Int {
        var fields = 0
        while fields < 32, bytes[2 * fields] &- 48 < 10, bytes[2 * fields] != delimiter, bytes[2 * fields + 1] == delimiter {
            fields += 1
        }
        return fields
    }

    @Test func runsAreCountedAsAByteByByteSearchCountsThem() {
        var generator = SplitMix64(seed: 64)
        let alphabet = Array("0123456789;;;;,\n\r\"a/:".utf8) + [0x80, 0]
        for delimiter in [UInt8(ascii: ";"), UInt8(ascii: ","), 9] {
            for _ in 0..<2000 {
                // Mostly runs, broken at a random place by a random byte.
                var bytes = (0..<32).flatMap { _ in [UInt8.random(in: 48...57, using: &generator), delimiter] }
                for _ in 0..<Int.random(in: 0...3, using: &generator) {
                    bytes[Int.random(in: 0..<64, using: &generator)] = alphabet.randomElement(using: &generator)!
                }
                #expect(Int(barometer_digit_fields64(bytes, delimiter)) == plainRun(bytes, delimiter: delimiter))
            }
        }
        #expect(barometer_digit_fields64(Array(repeating: UInt8(ascii: ";"), count: 64), UInt8(ascii: ";")) == 0)
    }

    /// Survey-like records: runs of one-digit answers broken by empty, two-digit, disallowed
    /// and quoted cells, an id that is one digit inside a run, rows a field short or long.
    static func text(quotingDigits: Bool, using generator: inout SplitMix64) -> String {
        let columns = 45
        var lines = ["id;" + (1..<columns).map { "q\($0)" }.joined(separator: ";")]
        for row in 1...400 {
            var cells = [String(row % 10 == 0 ? row % 9 : row)]
            for _ in 1..<columns {
                let cell =
                    switch Int.random(in: 0..<40, using: &generator) {
                    case 0: ""
                    case 1: "12"
                    case 2: "\"7\""
                    case 3: "x"
                    default: String(Int.random(in: 0...9, using: &generator))
                    }
                cells.append(quotingDigits && cell.count == 1 && cell != "x" ? "\"\(cell)\"" : cell)
            }
            if row % 37 == 0 { cells.removeLast() }
            if row % 53 == 0 { cells.append("5") }
            lines.append(cells.joined(separator: ";"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One-digit cells of fields the pipeline does not keep are staged where no column reads
    /// them: the kept columns come out as a read of every field gives them.
    @Test(arguments: [1, 3])
    func fieldsNotKeptLeaveTheKeptColumnsAsTheyAre(chunks: Int) throws {
        var generator = SplitMix64(seed: 41)
        let bytes = Array(Self.text(quotingDigits: false, using: &generator).utf8)
        var reader = CSVReader(dialect: CSVDialect(delimiter: .byte(UInt8(ascii: ";"))))
        reader.split.chunks = chunks
        let kept: Set<String> = ["q1", "q2", "q9", "q30", "q44"]
        let all = try reader.read(bytes: bytes, sourceName: "t.csv", options: ExtractOptions(idColumn: "id"))
        let some = try reader.read(bytes: bytes, sourceName: "t.csv", options: ExtractOptions(idColumn: "id", columns: kept))
        #expect(some.dataset.columns.map(\.name) == ["id", "q1", "q2", "q9", "q30", "q44"])
        #expect(some.dataset.rowCount == all.dataset.rowCount && some.rejects.count == all.rejects.count)
        for name in kept.union(["id"]) { #expect(some.dataset[name] == all.dataset[name], "\(name)") }
    }

    @Test(arguments: [1, 3])
    func runsGiveWhatFieldByFieldReadingGives(chunks: Int) throws {
        var codebook = Codebook()
        // Codes 0-8 only, so that a 9 inside a run is rejected as the general path rejects it.
        for column in stride(from: 2, to: 45, by: 15) {
            codebook.add(Variable(name: "q\(column)", kind: .single, valueLabels: (0...8).map { ValueLabel(code: String($0), label: "c\($0)") }))
        }
        var reader = CSVReader(dialect: CSVDialect(delimiter: .byte(UInt8(ascii: ";"))))
        reader.split.chunks = chunks
        func read(quotingDigits: Bool) throws -> [String] {
            var generator = SplitMix64(seed: 37)
            let text = Self.text(quotingDigits: quotingDigits, using: &generator)
            let result = try reader.read(
                bytes: Array(text.utf8), sourceName: "t.csv", codebook: codebook, options: ExtractOptions(idColumn: "id"))
            #expect(result.rowsRead == 400)
            #expect(result.rejects.count > 20 && result.dataset.rowCount > 200)
            // Rejects keep their lines as written, which the quotes change.
            return result.summary.map { $0.replacingOccurrences(of: "\"", with: "") }
        }
        #expect(try read(quotingDigits: false) == read(quotingDigits: true))
    }
}
