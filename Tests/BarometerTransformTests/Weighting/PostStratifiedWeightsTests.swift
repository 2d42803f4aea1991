import BarometerCore
import Testing

@testable import BarometerTransform

@Suite struct PostStratifiedWeightsTests {
    typealias F = WeightingFixtures

    @Test func eachCellAddsUpToItsPopulation() throws {
        let frame = try F.frame("sektor", [1: 60, 2: 30, 3: 10])
        let result = try PostStratifiedWeights(start: ColumnWeights(weightColumn: "w"), frame: frame).weights(
            for: F.sample)
        // Sector 1 has weights 2,2,2,3,3,3 (sum 15): each is scaled by 60/15.
        #expect(Array(result.weights[0..<6]) == [8, 8, 8, 12, 12, 12])
        #expect(Array(result.weights[6..<9]) == [10, 10, 10])
        #expect(result.calibrationReport?.cells.map(\.relativeGap) == [0, 0, 0])
        guard case .postStratification(let cells)? = result.calibration?.steps.first else {
            Issue.record("no post-stratification step")
            return
        }
        #expect(
            cells.cellOfRow == F.sector.map { $0 - 1 } && cells.weightsBefore == [2, 2, 2, 3, 3, 3, 1, 1, 1, 4, 4, 4])
    }

    @Test func jointCellsComeFromAFrameWithSeveralVariables() throws {
        let frame = try CellFrame(
            variables: ["sektor", "region"], cells: [[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2]],
            counts: [20, 30, 5, 15, 18, 12], source: "cells.csv")
        let result = try PostStratifiedWeights(frame: frame).weights(for: F.sample)
        let totals = F.totals(result.weights, by: zip(F.sector, F.region).map { $0 * 10 + $1 })
        #expect(totals == [11: 20, 12: 30, 21: 5, 22: 15, 31: 18, 32: 12])
        #expect(result.method == "post-stratified to 6 cells of sektor x region from equal weights")
    }

    @Test func anEmptyJointCellNamesTheCollapseThatFixesIt() throws {
        let frame = try CellFrame(
            variables: ["sektor", "region"], cells: [[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2], [3, 3]],
            counts: [20, 30, 5, 15, 18, 10, 2], source: "cells.csv")
        #expect {
            try PostStratifiedWeights(frame: frame).weights(for: F.sample)
        } throws: { error in
            (error as! BarometerError).message
                == "population cells of sektor:region in cells.csv have no respondents: 3:3 (population 2); merge each with a neighbouring cell, e.g. collapse: [[\"3:3\", \"1:1\"]]"
        }
        let merged = try PostStratifiedWeights(frame: frame, collapse: [[[3, 2], [3, 3]]]).weights(for: F.sample)
        #expect(merged.calibrationReport?.cells.last?.cell == "3:2+3:3")
        #expect(abs(F.totals(merged.weights, by: F.sector)[3]! - 30) < 1e-12)
    }

    @Test func aCollapseNamingAnUnknownCellIsAUsageError() throws {
        let frame = try F.frame("sektor", [1: 60, 2: 30, 3: 10])
        #expect {
            try PostStratifiedWeights(frame: frame, collapse: [[[3], [4]]]).weights(for: F.sample)
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .usage && error.message.contains("collapse names cell 4 of sektor")
        }
    }
}
