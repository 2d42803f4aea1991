import Testing

@testable import BarometerExtract

@Suite struct IdentifierIndexTests {
    /// The problems of ids written as `ids` (empty: missing), on lines 2, 3, ...
    func problems(_ ids: [String]) -> [String] {
        IdentifierIndex.problems(rows: ids.count, key: { IdentifierKey(Array(ids[$0].utf8)) }, line: { $0 + 2 })
            .map { "\($0.row):\($0.firstLine.map(String.init) ?? "missing")" }
    }

    @Test func ascendingIdsHaveNoProblems() {
        #expect(problems(["1", "2", "10", "11"]).isEmpty)
        #expect(problems([]).isEmpty)
    }

    /// The first rows are taken on trust while they ascend; a later repeat of one of them is
    /// still found, with the line it was first seen on.
    @Test(arguments: [
        (["1", "2", "3", "2"], ["3:3"]),
        (["5", "7", "5", "7", "7"], ["2:2", "3:3", "4:3"]),
        (["1", "2", "", "1"], ["2:missing", "3:2"]),
        (["1", "a", "2", "a"], ["3:3"]),
        (["b", "1", "b", "01", "1"], ["2:2", "4:3"]),
    ])
    func repeatsAfterAnAscendingRunAreFound(ids: [String], expected: [String]) {
        #expect(problems(ids) == expected)
    }
}
