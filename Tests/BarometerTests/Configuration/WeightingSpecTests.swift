import BarometerCore
import BarometerTransform
import Foundation
import Testing

@testable import Barometer

/// The `weighting:` section: every method, its keys, and mistakes reported at their line.
@Suite struct WeightingSpecTests {
    let loader = PipelineLoaderTests()

    func pipeline(weighting: String) -> String {
        PipelineLoaderTests.minimal.replacingOccurrences(
            of: "weighting: { method: column, weight: w }\n", with: weighting)
    }

    @Test func rakingFromDesignWeightsWithOptionsAndTrimming() throws {
        let loaded = try loader.load(
            pipeline(
                weighting: """
                    weighting:
                      method: rake
                      start: { method: expansion, frame: frame.csv, stratum: stratum }
                      margins:
                        - { variable: sektor, frame: margins-sektor.csv }
                        - { variable: region, frame: margins-region.csv, population: count, collapse: [[4, 5]] }
                      tolerance: 1e-10
                      max_iterations: 30
                      allow_nonconvergence: true
                      variance: calibration
                      trim: { lower: 0.3, upper: 3.5, relative: true }

                    """))
        guard case .rake(let start, let margins, let options, let trim) = loaded.pipeline.weighting else {
            Issue.record("not a raking")
            return
        }
        guard case .expansion(_, _, "stratum", "N", true)? = start else {
            Issue.record("start is not the expansion design")
            return
        }
        #expect(margins.map(\.variables) == [["sektor"], ["region"]])
        #expect(margins[1].population == "count" && margins[1].collapse == [[[4], [5]]])
        #expect(options.tolerance == 1e-10 && options.maxIterations == 30 && options.allowNonconvergence)
        #expect(options.variance == .calibration)
        #expect(trim?.lower == 0.3 && trim?.upper == 3.5 && trim?.relative == true)
        #expect(loaded.pipeline.weighting.frames == ["frame.csv", "margins-sektor.csv", "margins-region.csv"])
    }

    @Test func postStratificationToJointCellsWithCollapse() throws {
        let loaded = try loader.load(
            pipeline(
                weighting: """
                    weighting: { method: poststratify, variables: [sektor, region], frame: cells.csv, collapse: [["3:4", "3:5"]] }

                    """))
        guard case .poststratify(nil, let cells, nil) = loaded.pipeline.weighting else {
            Issue.record("not a post-stratification without start")
            return
        }
        #expect(
            cells.variables == ["sektor", "region"] && cells.collapse == [[[3, 4], [3, 5]]] && cells.population == "N")
    }

    @Test func trimmingAColumnOfWeights() throws {
        let loaded = try loader.load(
            pipeline(weighting: "weighting: { method: trim, start: { method: column, weight: w }, upper: 40 }\n"))
        guard case .trim(.column("w", nil, nil, nil), let trim) = loaded.pipeline.weighting else {
            Issue.record("not a trimming")
            return
        }
        #expect(trim.upper == 40 && trim.lower == nil && !trim.relative && trim.maxRounds == 100)
    }

    @Test func aKeyOfAnotherMethodIsReportedAtItsLine() {
        #expect {
            try loader.load(
                pipeline(
                    weighting: "weighting:\n  method: poststratify\n  variable: region\n  frame: m.csv\n  margins: []\n"
                ))
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .usage && error.location?.line == 10
                && error.message.contains("unknown key 'margins' for method poststratify")
        }
    }

    @Test func badCellsAndCollapseAreUsageErrors() {
        for (weighting, message) in [
            ("{ method: poststratify, variable: a, variables: [b], frame: f.csv }", "not both"),
            (
                "{ method: poststratify, variables: [a, b], frame: f.csv, collapse: [[\"1\", \"2\"]] }",
                "must be 2 codes joined by ':'"
            ),
            ("{ method: rake, margins: [] }", "raking needs at least one margin"),
            ("{ method: rake, margins: [{ variable: a, frame: f.csv, colapse: [] }] }", "unknown key 'colapse'"),
            (
                "{ method: rake, margins: [{ variable: a, frame: f.csv }], variance: exact }",
                "variance must be raking or calibration"
            ),
            ("{ method: trim, start: { method: column, weight: w } }", "trimming needs lower, upper or both"),
            ("{ method: calibrate }", "method must be one of: column, expansion, poststratify, rake, trim"),
        ] {
            #expect {
                try loader.load(pipeline(weighting: "weighting: \(weighting)\n"))
            } throws: { error in
                let error = error as! BarometerError
                return error.kind == .usage && error.message.contains(message) && error.location?.line != nil
            }
        }
    }
}
