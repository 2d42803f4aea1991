import BarometerCore
import Testing

@testable import BarometerExtract

/// Field ends found 64 bytes at a time must be those a byte-by-byte search finds, from any
/// offset, in any order of asking, across block edges and at the text's end.
@Suite struct FieldBoundariesTests {
    /// The first delimiter, LF or CR at or after `offset`, one byte at a time.
    func plainEnd(_ text: [UInt8], from offset: Int, delimiter: UInt8) -> Int {
        text[offset...].firstIndex { $0 == delimiter || $0 == 10 || $0 == 13 } ?? text.count
    }

    /// A text of short fields and long ones, line breaks of all kinds and quotes (not
    /// boundaries).
    func randomText(count: Int, using generator: inout some RandomNumberGenerator) -> [UInt8] {
        let alphabet = Array("a1;;;\r\n\"xyz  ,".utf8) + [0x80, 0xE6, 0]
        return (0..<count).map { _ in
            Int.random(in: 0..<10, using: &generator) < 7 ? UInt8(ascii: "7") : alphabet.randomElement(using: &generator)!
        }
    }

    @Test(arguments: [0, 1, 63, 64, 65, 127, 128, 129, 1000])
    func walkingFieldByFieldFindsEveryBoundary(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        for _ in 0..<20 {
            let text = randomText(count: count, using: &generator)
            text.withUnsafeBufferPointer { buffer in
                var boundaries = FieldBoundaries()
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                var offset = 0
                var found: [Int] = []
                while offset < count {
                    let end = boundaries.fieldEnd(from: offset, in: base, count: count, delimiter: UInt8(ascii: ";"))
                    #expect(end == plainEnd(text, from: offset, delimiter: UInt8(ascii: ";")))
                    found.append(end)
                    offset = end + 1
                }
                let expected = text.indices.filter { [UInt8(ascii: ";"), 10, 13].contains(text[$0]) }
                #expect(found.filter { $0 < count } == expected)
            }
        }
    }

    /// Asking from anywhere (a quoted field skipped, a CRLF, a record read again) restarts the
    /// search there.
    @Test func askingFromAnyOffsetGivesThePlainAnswer() {
        var generator = SplitMix64(seed: 700)
        let text = randomText(count: 700, using: &generator)
        text.withUnsafeBufferPointer { buffer in
            var boundaries = FieldBoundaries()
            for _ in 0..<5000 {
                // Mostly just past the last answer, as a scan asks; sometimes anywhere.
                let offset = Int.random(in: 0..<text.count, using: &generator)
                let end = boundaries.fieldEnd(from: offset, in: buffer.baseAddress!, count: text.count, delimiter: UInt8(ascii: ","))
                #expect(end == plainEnd(text, from: offset, delimiter: UInt8(ascii: ",")))
                if end + 1 < text.count {
                    let next = boundaries.fieldEnd(from: end + 1, in: buffer.baseAddress!, count: text.count, delimiter: UInt8(ascii: ","))
                    #expect(next == plainEnd(text, from: end + 1, delimiter: UInt8(ascii: ",")))
                }
            }
        }
    }
}
