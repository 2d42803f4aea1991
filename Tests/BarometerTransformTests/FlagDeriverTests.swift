import BarometerCore
import Testing

@testable import BarometerTransform

@Suite struct FlagDeriverTests {
    let m = Column.missingCode

    /// Six workplaces: 1-4 innovative (a yes on either screening item), 5-6 not.
    func survey() -> Dataset {
        var codebook = Codebook()
        codebook.add(
            Variable(
                name: "fremmet", kind: .single,
                valueLabels: ["1", "2", "3", "4", "8", "9"].map { ValueLabel(code: $0, label: "c\($0)") }))
        return Dataset(
            sourceFile: "survey.csv", sourceLines: [2, 3, 4, 5, 6, 7],
            columns: [
                Column(name: "inno_1", integers: [1, 2, 8, 1, 2, m]),
                Column(name: "inno_2", integers: [2, 1, 1, m, 2, 8]),
                Column(name: "igangsat", integers: [1, 0, 0, 0, m, m]),
                Column(name: "fremmet", integers: [8, 2, 3, m, m, m]),
                Column(name: "samarbejde", integers: [0, 0, 1, 0, m, m]),
            ],
            codebook: codebook)
    }

    let universe = FlagDefinition(
        name: "innovative",
        rule: .anyOf([.codes(column: "inno_1", codes: [1]), .codes(column: "inno_2", codes: [1])]))
    let flags = [
        FlagDefinition(name: "initiated", rule: .codes(column: "igangsat", codes: [1])),
        FlagDefinition(name: "promoted", rule: .codes(column: "fremmet", codes: [1, 2])),
        FlagDefinition(name: "collaborated", rule: .codes(column: "samarbejde", codes: [1])),
        FlagDefinition(name: "positive_role", rule: .anyOf([.flag("initiated"), .flag("promoted"), .flag("collaborated")])),
    ]

    @Test func flagsAreDerivedInsideTheUniverseAndMissingOutside() throws {
        let output = try FlagDeriver(universe: universe, flags: flags).apply(to: survey())
        #expect(output.inUniverse == [true, true, true, true, false, false])
        let column = { (name: String) -> [Int32] in
            guard case .integer(let values) = output.dataset[name]!.values else { return [] }
            return values.codes
        }
        #expect(column("innovative") == [1, 1, 1, 1, 0, 0])
        #expect(column("initiated") == [1, 0, 0, 0, m, m])
        // "Don't know" (8), "hampered" (3) and a skipped item are not "promoted".
        #expect(column("promoted") == [0, 1, 0, 0, m, m])
        #expect(column("collaborated") == [0, 0, 1, 0, m, m])
        #expect(column("positive_role") == [1, 1, 1, 0, m, m])
    }

    @Test func allOfAndNotCombine() throws {
        let both = FlagDefinition(
            name: "both", rule: .allOf([.flag("innovative"), .not(.codes(column: "samarbejde", codes: [1]))]))
        let output = try FlagDeriver(universe: universe, flags: [both]).apply(to: survey())
        guard case .integer(let values) = output.dataset["both"]!.values else { Issue.record(); return }
        #expect(values == [1, 1, 0, 1, m, m])
    }

    @Test func aCodeTheCodebookDoesNotListIsATypo() {
        let typo = FlagDefinition(name: "promoted", rule: .codes(column: "fremmet", codes: [1, 5]))
        #expect {
            try FlagDeriver(universe: universe, flags: [typo]).apply(to: survey())
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .usage && error.message == "flag 'promoted' names code 5 of fremmet, which its codebook does not list (1, 2, 3, 4, 8, 9)"
        }
    }

    @Test func aFlagUsedBeforeItIsDefinedIsAnError() {
        let early = FlagDefinition(name: "early", rule: .flag("later"))
        #expect(throws: BarometerError.self) {
            try FlagDeriver(universe: universe, flags: [early]).apply(to: survey())
        }
    }

    @Test func anUnknownColumnIsAnError() {
        let missing = FlagDefinition(name: "x", rule: .codes(column: "nope", codes: [1]))
        #expect {
            try FlagDeriver(universe: universe, flags: [missing]).apply(to: survey())
        } throws: { error in
            (error as! BarometerError).message.hasPrefix("flag 'x' names column 'nope'")
        }
    }
}
