import Testing

@testable import BarometerCore

@Suite struct RowGroupingTests {
    static let keys = [7, 3, 7, 9, 3, 7]

    @Test func profilesAreNumberedInTheOrderTheyFirstAppear() throws {
        // A hash that collides for every row: `alike` alone must tell the profiles apart.
        let grouping = try #require(
            RowGrouping(count: Self.keys.count, maximum: 3, hash: { _ in 42 }, alike: { Self.keys[$0] == Self.keys[$1] }))
        #expect(grouping.profileOfRow == [0, 1, 0, 2, 1, 0])
        #expect(grouping.representatives == [0, 1, 3])
    }

    @Test func moreProfilesThanTheMaximumGiveNil() {
        #expect(
            RowGrouping(count: Self.keys.count, maximum: 2, hash: { UInt64(Self.keys[$0]) }, alike: { Self.keys[$0] == Self.keys[$1] }) == nil)
    }
}
