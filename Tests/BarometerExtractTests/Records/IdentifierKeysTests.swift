import Testing

@testable import BarometerExtract

@Suite struct IdentifierKeysTests {
    func keys(_ ids: [String]) -> IdentifierKeys {
        var keys = IdentifierKeys()
        for id in ids { Array(id.utf8).withUnsafeBufferPointer { keys.append($0) } }
        return keys
    }

    /// Numbers small and large, text ids, padded, zero-led and missing ids come back as the keys they were
    /// written as, also after joins of chunks with and without text ids.
    @Test func joinedKeysAreTheKeysOfEveryRowInOrder() {
        let chunks = [["7", " 12 ", "a", ""], ["3", "4"], ["007", "b", "5", "2147483648"], [], ["c", "2147483647", "99999999999"]]
        var joined = keys([])
        for chunk in chunks { joined.append(contentsOf: keys(chunk)) }
        let all = chunks.joined().map { IdentifierKey(Array($0.utf8)) }
        #expect(joined.count == all.count)
        #expect((0..<joined.count).map { joined[$0] } == all)
        #expect(joined[1].number == 12)
        #expect(joined[2].number == nil && joined[3].isEmpty)
        #expect(joined[6].description == "007")
        // Numbers from 2^31 up are kept beside the rest, as text ids are.
        #expect(joined[9].number == 2_147_483_648 && joined[11].number == 2_147_483_647 && joined[12].number == 99_999_999_999)
    }
}
