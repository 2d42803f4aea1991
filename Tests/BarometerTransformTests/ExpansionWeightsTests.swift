import BarometerCore
import Testing

@testable import BarometerTransform

@Suite struct ExpansionWeightsTests {
    func sample(_ strata: [Int32]) -> Dataset {
        Dataset(
            sourceFile: "s.csv", sourceLines: (0..<strata.count).map { Int32($0 + 2) },
            columns: [Column(name: "stratum", integers: strata)])
    }

    let frame = PopulationFrame(counts: [11: 100, 12: 30], source: "frame.csv")

    @Test func weightsArePopulationOverSample() throws {
        let weights = try ExpansionWeights(stratumColumn: "stratum", frame: frame).weights(for: sample([11, 11, 12, 11, 12]))
        let third: Double = 100.0 / 3
        #expect(weights.weights == [third, third, 15, third, 15])
        #expect(weights.populationSizes == [100, 100, 30, 100, 30])
        #expect(weights.strata == [11, 11, 12, 11, 12])
    }

    @Test func withoutFPCThereAreNoPopulationSizes() throws {
        let weights = try ExpansionWeights(stratumColumn: "stratum", frame: frame, finitePopulationCorrection: false)
            .weights(for: sample([11, 12, 12, 11]))
        #expect(weights.populationSizes == nil)
    }

    @Test func rowsOutsideTheFrameOrWithoutStratumAreProblems() throws {
        let problems = try ExpansionWeights(stratumColumn: "stratum", frame: frame)
            .problems(in: sample([11, 13, Column.missingCode, 12]))
        #expect(
            problems == [
                RowProblem(row: 1, variable: "stratum", reason: "stratum 13 is not in the population frame frame.csv"),
                RowProblem(row: 2, variable: "stratum", reason: "stratum is missing"),
            ])
    }

    @Test func aFrameStratumWithoutRespondentsIsAnError() {
        #expect {
            try ExpansionWeights(stratumColumn: "stratum", frame: frame).weights(for: sample([11, 11]))
        } throws: { error in
            (error as! BarometerError).message.hasPrefix("population frame frame.csv has strata without respondents: 12")
        }
    }

    @Test func moreRespondentsThanPopulationIsAnError() {
        let small = PopulationFrame(counts: [11: 2, 12: 30], source: "frame.csv")
        #expect(throws: BarometerError.self) {
            try ExpansionWeights(stratumColumn: "stratum", frame: small).weights(for: sample([11, 11, 11, 12]))
        }
    }

    @Test func frameCountsMustBePositiveAndUnique() {
        let frameData = Dataset(
            sourceFile: "frame.csv", sourceLines: [2, 3],
            columns: [Column(name: "stratum", integers: [11, 12]), Column(name: "N", reals: [100, 0])])
        #expect {
            try PopulationFrame(dataset: frameData, stratumColumn: "stratum", populationColumn: "N")
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .badData && error.location == SourceLocation(file: "frame.csv", line: 3, column: 2)
        }
    }

    @Test func kishDiagnostics() {
        let diagnostics = WeightDiagnostics(weights: [1, 1, 2, 4])
        #expect(diagnostics.mean == 2)
        #expect(diagnostics.coefficientOfVariation == (1.5.squareRoot()) / 2)
        #expect(abs(diagnostics.kishDesignEffect - 1.375) < 1e-15)
        #expect(abs(diagnostics.effectiveSampleSize - 4 / 1.375) < 1e-12)
    }
}
