import Foundation
import Testing

@testable import BarometerExtract

/// A worker out of work takes the second half of what is left of the stretch with most left,
/// from a line start, and the stretch's own worker stops there.
@Suite struct StretchesTests {
    /// A header line and twenty 10-byte records: record k starts at 2 + 10k.
    static let text = Array(("h\n" + (0..<20).map { String(format: "%09d\n", $0) }.joined()).utf8)

    @Test func aStealTakesTheSecondHalfFromALineStart() {
        Self.text.withUnsafeBufferPointer { text in
            let stretches = Stretches(text: text, from: 2, chunks: 2, minimumSteal: 10, checkStride: 1)
            // Halfway is 102, a record's first byte: the split is past the next line break.
            #expect((stretches.begin(of: 0), stretches.stop(of: 0)) == (2, 112))
            #expect((stretches.begin(of: 1), stretches.stop(of: 1)) == (112, 202))
            // Stretch 0 has reached 22; stretch 1 is done: 90 bytes are left, from 22 to 112.
            #expect(stretches.stop(of: 0, reached: 22) == 112)
            let stolen = stretches.steal(after: 1)
            #expect(stolen == 2)
            // The middle, 67, is inside a record: the steal starts at the next one, 72.
            #expect((stretches.begin(of: 2), stretches.stop(of: 2)) == (72, 112))
            #expect(stretches.stop(of: 0, reached: 32) == 72)
        }
    }

    @Test func nothingIsStolenWhenTooLittleIsLeft() {
        Self.text.withUnsafeBufferPointer { text in
            // 100 bytes are left of stretch 0: not two pieces of 51.
            let stretches = Stretches(text: text, from: 2, chunks: 2, minimumSteal: 51, checkStride: 1)
            #expect(stretches.stop(of: 0, reached: 12) == 112)
            #expect(stretches.steal(after: 1) == nil)
            let lenient = Stretches(text: text, from: 2, chunks: 2, minimumSteal: 40, checkStride: 1)
            #expect(lenient.stop(of: 0, reached: 12) == 112)
            #expect(lenient.steal(after: 1) == 2)
            // Done stretches are never taken from: a last worker finds nothing left.
            #expect(lenient.steal(after: 0) == nil)
            #expect(lenient.steal(after: 2) == nil)
        }
    }
}
