import BarometerCore
import Testing

@testable import BarometerTransform

@Suite struct RakingWeightsTests {
    typealias F = WeightingFixtures

    func margins(sector: [Int32: Double] = [1: 50, 2: 20, 3: 30], region: [Int32: Double] = [1: 45, 2: 55]) throws
        -> [RakingWeights.Margin]
    {
        [.init(frame: try F.frame("sektor", sector)), .init(frame: try F.frame("region", region))]
    }

    @Test func theMarginsHoldToTheTolerance() throws {
        let method = try RakingWeights(start: ColumnWeights(weightColumn: "w"), margins: margins(), tolerance: 1e-12)
        let result = try method.weights(for: F.sample)
        let sector = F.totals(result.weights, by: F.sector)
        let region = F.totals(result.weights, by: F.region)
        for (code, target) in [(Int32(1), 50.0), (2, 20), (3, 30)] {
            #expect(abs(sector[code]! - target) <= 1e-12 * target)
        }
        for (code, target) in [(Int32(1), 45.0), (2, 55)] { #expect(abs(region[code]! - target) <= 1e-12 * target) }
        let report = try #require(result.calibrationReport)
        #expect(report.kind == .rake && report.converged && report.iterations > 1 && report.largestGap <= 1e-12)
        #expect(report.cells.map(\.cell) == ["1", "2", "3", "1", "2"])
        #expect(report.cells.map(\.respondents) == [6, 3, 3, 6, 6])
        #expect(result.notes.isEmpty)
        guard case .raking(let cells)? = result.calibration?.steps.first else {
            Issue.record("no raking step")
            return
        }
        #expect(cells.count == 2 && cells[1].weightsAfter == result.weights)
    }

    @Test func convergenceIsJudgedOnTheGapToTheTargets() throws {
        // The start already meets both margins: one pass changes nothing and is enough.
        let start = [Double](repeating: 100.0 / 12, count: 12)
        let even = F.dataset(["sektor": F.sector, "region": F.region], weights: start)
        let method = try RakingWeights(
            start: ColumnWeights(weightColumn: "w"),
            margins: margins(sector: [1: 50, 2: 25, 3: 25], region: [1: 50, 2: 50]))
        let result = try method.weights(for: even)
        #expect(result.calibrationReport?.iterations == 1)
        for (a, b) in zip(result.weights, start) { #expect(abs(a - b) <= 1e-14 * b) }
    }

    @Test func nonConvergenceFailsNamingTheWorstCell() throws {
        // Sector and region coincide in the sample, but the margins split them differently:
        // no weights can meet both.
        let confounded = F.dataset(["sektor": [1, 1, 2, 2], "region": [1, 1, 2, 2]], weights: [1, 1, 1, 1])
        let method = try RakingWeights(
            start: ColumnWeights(weightColumn: "w"),
            margins: margins(sector: [1: 60, 2: 40], region: [1: 50, 2: 50]), maxIterations: 20)
        #expect {
            try method.weights(for: confounded)
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .failure
                && error.message.hasPrefix("raking to sektor, region did not converge in 20 iterations")
                && error.message.contains("the worst cell is sektor 2: weighted 50, population 40 (relative gap 0.25)")
                && error.message.contains("allow_nonconvergence: true")
        }
    }

    @Test func allowedNonConvergenceIsReportedInPlainWords() throws {
        let method = try RakingWeights(
            start: ColumnWeights(weightColumn: "w"), margins: margins(), tolerance: 1e-15, maxIterations: 1,
            allowNonconvergence: true)
        let result = try method.weights(for: F.sample)
        let report = try #require(result.calibrationReport)
        #expect(!report.converged && report.iterations == 1 && report.largestGap > 1e-15)
        #expect(result.notes.count == 1 && result.notes[0].hasPrefix("Raking did not converge: after 1 iterations"))
        #expect(result.method.hasSuffix("1 iterations, NOT converged"))
    }

    @Test func marginsWhoseTotalsDisagreeAreRefusedUpFront() throws {
        #expect {
            try RakingWeights(margins: margins(sector: [1: 50, 2: 20, 3: 30], region: [1: 45, 2: 54]))
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .badData
                && error.message
                    == "raking margins disagree on the population total: sektor 100 (margins-sektor.csv), region 99 (margins-region.csv); every margin must count the same population"
        }
    }

    @Test func aSampleCellWithoutPopulationCountFails() throws {
        let method = try RakingWeights(margins: margins(sector: [1: 50, 2: 50], region: [1: 45, 2: 55]))
        #expect {
            try method.weights(for: F.sample)
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .badData
                && error.message
                    == "the sample has sektor cells with no population count in margins-sektor.csv: sektor=3 (3 respondents); add them to the frame"
        }
    }

    @Test func aPopulationCellWithoutRespondentsFailsUnlessCollapsed() throws {
        let region: [Int32: Double] = [1: 40, 2: 50, 3: 10]
        #expect {
            try RakingWeights(margins: margins(region: region)).weights(for: F.sample)
        } throws: { error in
            (error as! BarometerError).message
                == "population cells of region in margins-region.csv have no respondents: 3 (population 10); merge each with a neighbouring cell, e.g. collapse: [[3, 1]]"
        }
        let collapsed = try RakingWeights(
            margins: [
                .init(frame: try F.frame("sektor", [1: 50, 2: 20, 3: 30])),
                .init(frame: try F.frame("region", region), collapse: [[[2], [3]]]),
            ],
            tolerance: 1e-12)
        let result = try collapsed.weights(for: F.sample)
        let totals = F.totals(result.weights, by: F.region)
        #expect(abs(totals[1]! - 40) < 1e-10 && abs(totals[2]! - 60) < 1e-10)
        #expect(result.calibrationReport!.cells.map(\.cell) == ["1", "2", "3", "1", "2+3"])
    }

    @Test func zeroNegativeOrMissingStartingWeightsAreRefused() throws {
        for bad in [0, -1, Double.nan] {
            var weights = [Double](repeating: 1, count: 12)
            weights[4] = bad
            let data = F.dataset(["sektor": F.sector, "region": F.region], weights: weights)
            let start = ColumnWeights(weightColumn: "w")
            // The pipeline rejects such rows first; a method given them anyway refuses them.
            #expect(try start.problems(in: data).map(\.row) == [4])
            #expect {
                try RakingWeights(start: start, margins: margins()).calibrate(
                    SurveyWeights(weights: weights, method: "test"), in: data)
            } throws: { error in
                let error = error as! BarometerError
                return error.kind == .badData && error.location?.line == 6
                    && error.message.hasPrefix("raking needs positive starting weights")
            }
        }
    }

    @Test func badFrameCountsFailAtTheirLine() {
        for (count, text) in [(0.0, "0"), (-5, "-5")] {
            #expect {
                try CellFrame(
                    variables: ["region"], cells: [[1], [2]], counts: [10, count], source: "m.csv", lines: [2, 3])
            } throws: { error in
                let error = error as! BarometerError
                return error.location?.line == 3
                    && error.message == "population count of cell region=2 must be a positive number, found \(text)"
            }
        }
        let missing = Dataset(
            sourceFile: "m.csv", sourceLines: [2, 3],
            columns: [Column(name: "region", integers: [1, 2]), Column(name: "N", reals: [10, .nan])])
        #expect {
            try CellFrame(dataset: missing, variables: ["region"], populationColumn: "N")
        } throws: { error in
            (error as! BarometerError).location == SourceLocation(file: "m.csv", line: 3, column: 2)
        }
        #expect(throws: BarometerError.self) {
            try CellFrame(variables: ["region"], cells: [[1], [1]], counts: [10, 20], source: "m.csv")
        }
    }

    @Test func rowsMissingAMarginVariableAreProblems() throws {
        let data = F.dataset(["sektor": [1, Column.missingCode, 2], "region": [1, 2, 2]])
        let problems = try RakingWeights(margins: margins()).problems(in: data)
        #expect(
            problems == [
                RowProblem(
                    row: 1, variable: "sektor",
                    reason: "sektor is missing or not a whole-number code; weighting needs it")
            ])
    }

    @Test func calibrationVarianceKeepsTheModel() throws {
        let method = try RakingWeights(
            start: ColumnWeights(weightColumn: "w"), margins: margins(), variance: .calibration)
        let result = try method.weights(for: F.sample)
        guard case .regression(let model)? = result.calibration?.steps.first else {
            Issue.record("no regression step")
            return
        }
        // Intercept, sectors 2 and 3, region 2.
        #expect(model.columns.count == 4 && model.columns[0] == [Double](repeating: 1, count: 12))
        #expect(model.columns[3] == F.region.map { $0 == 2 ? 1 : 0 })
        #expect(model.designWeights == [2, 2, 2, 3, 3, 3, 1, 1, 1, 4, 4, 4] && model.weights == result.weights)
    }
}
