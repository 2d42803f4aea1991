import BarometerCore
import Testing

@testable import BarometerTransform

@Suite struct WeightTrimmingTests {
    typealias F = WeightingFixtures

    @Test func trimmedWeightsStayInsideAndKeepTheTotal() throws {
        let weights: [Double] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 19]
        let data = F.dataset(["sektor": F.sector], weights: weights)
        let result = try WeightTrimming(method: ColumnWeights(weightColumn: "w"), upper: 5).weights(for: data)
        #expect(result.weights.allSatisfy { $0 <= 5 })
        #expect(abs(result.weights.reduce(0, +) - 30) < 1e-12)
        #expect(result.weights[11] == 5 && abs(result.weights[0] - 25.0 / 11) < 1e-14)
        #expect(result.trimming == TrimmingReport(lower: 0, upper: 5, trimmed: 1, rounds: 1))
    }

    @Test func relativeBoundsAreMultiplesOfTheMeanAndStrataKeepTheirTotals() throws {
        let weights: [Double] = [1, 1, 1, 1, 1, 9, 2, 2, 2, 3, 3, 3]
        let data = F.dataset(["sektor": F.sector], weights: weights)
        let method = ColumnWeights(weightColumn: "w", strataColumn: "sektor")
        let result = try WeightTrimming(method: method, lower: 0.5, upper: 2, relativeToMean: true).weights(for: data)
        let mean = 29.0 / 12
        #expect(result.weights.allSatisfy { $0 <= 2 * mean * (1 + 1e-12) && $0 >= 0.5 * mean * (1 - 1e-12) })
        let totals = F.totals(result.weights, by: F.sector)
        #expect(abs(totals[1]! - 14) < 1e-12 && abs(totals[2]! - 6) < 1e-12 && abs(totals[3]! - 9) < 1e-12)
        // 9 is cut to 2·mean and the 1s below mean/2 are raised; the stratum's excess (its total
        // stays 14) lifts them to (14 − 2·mean)/5.
        #expect(abs(result.weights[5] - 2 * mean) < 1e-12 && abs(result.weights[0] - (14 - 2 * mean) / 5) < 1e-12)
        #expect(result.trimming!.trimmed == 6)
    }

    @Test func rakedWeightsAreTrimmedAndRakedAgainUntilBothHold() throws {
        let weights: [Double] = [1, 1, 1, 1, 1, 12, 1, 1, 1, 1, 1, 1]
        let data = F.dataset(["sektor": F.sector, "region": F.region], weights: weights)
        let raking = try RakingWeights(
            start: ColumnWeights(weightColumn: "w"),
            margins: [
                .init(frame: try F.frame("sektor", [1: 50, 2: 20, 3: 30])),
                .init(frame: try F.frame("region", [1: 45, 2: 55])),
            ],
            tolerance: 1e-10, maxIterations: 1000)
        let untrimmed = try raking.weights(for: F.dataset(["sektor": F.sector, "region": F.region], weights: weights))
        let upper = 2.5 * 100 / 12
        #expect(untrimmed.weights.max()! > upper)
        let result = try WeightTrimming(method: raking, upper: 2.5, relativeToMean: true).weights(for: data)
        #expect(result.weights.allSatisfy { $0 <= upper * (1 + 1e-6) })
        #expect(result.calibrationReport!.converged && result.calibrationReport!.largestGap <= 1e-10)
        #expect(result.trimming!.trimmed == 1 && result.trimming!.rounds >= 1)
        #expect(result.method.contains("1 weights trimmed"))
    }

    @Test func boundsTheTargetsForbidFailClearly() throws {
        // Post-strata of equal weights: trimming a cell's weights and post-stratifying again
        // puts them straight back.
        let data = F.dataset(["sektor": F.sector], weights: [Double](repeating: 1, count: 12))
        let method = PostStratifiedWeights(
            start: ColumnWeights(weightColumn: "w"), frame: try F.frame("sektor", [1: 10, 2: 10, 3: 80]))
        #expect {
            try WeightTrimming(method: method, upper: 10).weights(for: data)
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .failure
                && error.message.hasPrefix(
                    "trimming could not bring every weight inside [0, 10] while keeping the targets because a round changed nothing"
                )
                && error.message.contains("3 weights are still outside, the furthest 26.67")
        }
    }

    @Test func boundsMustBeOrdered() {
        #expect(throws: BarometerError.self) { try WeightTrimming(method: EqualWeights()) }
        #expect(throws: BarometerError.self) { try WeightTrimming(method: EqualWeights(), lower: 3, upper: 2) }
    }
}
