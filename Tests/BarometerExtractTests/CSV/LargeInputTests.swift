import BarometerCore
import Foundation
import Testing

@testable import BarometerExtract

/// Inputs whose size, not content, is the trouble: very wide headers and one huge field. They
/// must be read whole, in time and memory that grow linearly; the bounds below are far above
/// what a linear reader needs and far below what a quadratic one would, so they catch a
/// blowup without timing the reader.
@Suite struct LargeInputTests {
    static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    @Test func tenThousandColumnsAreRead() throws {
        let columns = 10_000
        var text = (0..<columns).map { "v\($0)" }.joined(separator: ";") + "\n"
        for row in 0..<3 { text += (0..<columns).map { String(($0 + row) % 10) }.joined(separator: ";") + "\n" }
        let start = ContinuousClock.now
        let result = try CSVReader().read(bytes: Array(text.utf8), sourceName: "wide.csv")
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(result.dataset.columns.count == columns)
        #expect(result.rowsRead == 3 && result.rejects.isEmpty)
        #expect(result.dataset.columns[9_999].code(at: 2) == Int32((9_999 + 2) % 10))
    }

    @Test func aFiftyMegabyteFieldIsRead() throws {
        let size = 50 << 20
        let head = Array("id;note\n1;\"".utf8)
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: head.count + size)
        bytes.replaceSubrange(0..<head.count, with: head)
        bytes += Array("\"\n2;short\n".utf8)
        let start = ContinuousClock.now
        let result = try CSVReader().read(bytes: bytes, sourceName: "huge.csv")
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(result.rowsRead == 2 && result.rejects.isEmpty)
        let note = try result.dataset.requireColumn("note", for: "test")
        #expect(note.text(at: 0).utf8.count == size)
        #expect(note.text(at: 1) == "short")
        // The file, its decoded text and the column: a few copies of 50 MB, not hundreds.
        #expect(Self.peakResidentMegabytes() < 2_000)
    }
}
