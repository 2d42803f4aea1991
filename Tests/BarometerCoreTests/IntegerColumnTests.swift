import Testing

@testable import BarometerCore

@Suite struct IntegerColumnTests {
    let missing = Column.missingCode

    @Test func smallCodesAndMissingTakeOneByte() {
        let column = IntegerColumn([0, 1, 254, missing])
        #expect(column.isNarrow)
        #expect(Array(column) == [0, 1, 254, missing])
        #expect(column.codes == [0, 1, 254, missing])
        #expect(column.numbers().map { $0.isNaN ? -1 : $0 } == [0, 1, 254, -1])
        column.withStorage { storage in
            guard case .bytes(let bytes) = storage else {
                Issue.record("expected byte storage")
                return
            }
            #expect(Array(bytes) == [0, 1, 254, IntegerColumn.missingByte])
        }
    }

    @Test(arguments: [255, 256, -1, 100_000] as [Int32])
    func aCodeOutsideTheByteRangeWidensTheColumn(code: Int32) {
        #expect(!IntegerColumn([1, code]).isNarrow)
        var grown = IntegerColumn([3, missing])
        grown.append(code)
        grown.append(4)
        #expect(!grown.isNarrow)
        #expect(Array(grown) == [3, missing, code, 4])
    }

    @Test func runsWidenOnlyWhenACodeDoesNotFit() {
        var column = IntegerColumn()
        let small: [Int32] = [1, 2, missing]
        small.withUnsafeBufferPointer { column.append(contentsOf: $0) }
        #expect(column.isNarrow)
        let large: [Int32] = [7, 1_000, missing]
        large.withUnsafeBufferPointer { column.append(contentsOf: $0) }
        #expect(!column.isNarrow)
        #expect(Array(column) == small + large)
    }

    @Test func byteRunsAreCopiedAsTheCodesTheyHold() {
        var column = IntegerColumn([4])
        let bytes: [UInt8] = [1, 254, IntegerColumn.missingByte, 0]
        bytes.withUnsafeBufferPointer { column.append(bytes: $0) }
        #expect(column.isNarrow)
        #expect(Array(column) == [4, 1, 254, missing, 0])
        #expect(column == IntegerColumn([4, 1, 254, missing, 0]))
        #expect(IntegerColumn.byte(254) == 254 && IntegerColumn.byte(missing) == IntegerColumn.missingByte)
    }

    @Test func joiningColumnsKeepsEveryValueWhateverTheirStorage() {
        let narrow = IntegerColumn([1, missing])
        let wide = IntegerColumn([500, 2])
        for (first, second) in [(narrow, wide), (wide, narrow), (narrow, narrow), (wide, wide)] {
            var joined = first
            joined.append(contentsOf: second)
            #expect(Array(joined) == Array(first) + Array(second))
            #expect(joined.isNarrow == (first.isNarrow && second.isNarrow))
        }
    }

    @Test func equalValuesAreEqualInEitherStorage() {
        var widened = IntegerColumn([1, 2, 300])
        widened.removeLast(1)
        #expect(!widened.isNarrow)
        #expect(widened == IntegerColumn([1, 2]))
        #expect(widened != IntegerColumn([1, 3]))
        #expect(IntegerColumn([1, 2]) != IntegerColumn([1]))
    }

    @Test func filteringKeepsTheStorage() {
        let narrow = IntegerColumn([1, 2, 3]).filtered([true, false, true])
        #expect(narrow.isNarrow && Array(narrow) == [1, 3])
        let wide = IntegerColumn([1, 2, 300]).filtered([false, true, true])
        #expect(!wide.isNarrow && Array(wide) == [2, 300])
    }
}
