import BarometerCore
import Testing

@testable import BarometerTransform

@Suite struct CategoryCollapseTests {
    @Test func hamperedToSomeAndHighDegreeBecomeOneCategory() throws {
        let labels = ["1": "Fremmet i høj grad", "3": "Hæmmet i nogen grad", "4": "Hæmmet i høj grad", "8": "Ved ikke"]
        let dataset = Dataset(
            sourceFile: "s.csv", sourceLines: [2, 3, 4, 5],
            columns: [Column(name: "fremmet", integers: [1, 3, 4, Column.missingCode])],
            codebook: Codebook([
                Variable(
                    name: "fremmet", kind: .single,
                    valueLabels: labels.keys.sorted().map { ValueLabel(code: $0, label: labels[$0]!) })
            ]))
        let collapsed = try CategoryCollapse(column: "fremmet", codes: [3, 4], into: 3, label: "Hæmmet").apply(to: dataset)
        guard case .integer(let values) = collapsed["fremmet"]!.values else {
            Issue.record("not integer")
            return
        }
        #expect(values == [1, 3, 3, Column.missingCode])
        #expect(collapsed.codebook["fremmet"]!.valueLabels.map(\.label) == ["Fremmet i høj grad", "Hæmmet", "Ved ikke"])
    }
}
