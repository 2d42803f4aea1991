import BarometerCore
import Foundation
import Testing

@testable import Barometer

/// The raked sample pipeline run with broken frames and impossible settings: each fails with
/// the message a statistician needs, or (when the pipeline allows it) publishes and says so.
@Suite struct WeightingRunTests {
    typealias Sample = SamplePipelineReferenceTests

    /// The raked pipeline in a temporary folder, with margin files replaced by `margins`
    /// (file name → contents) and `edit` applied to its text; returns the loaded pipeline.
    static func raked(
        margins: [String: String] = [:], edit: (String) -> String = { $0 }
    ) throws -> (PipelineLoader.Loaded, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-weighting-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sample = Sample.repository.appendingPathComponent("SampleInput/barometer-2019").path
        var text = try String(
            contentsOf: Sample.repository.appendingPathComponent("Pipelines/frivillige-2019-raked.yml"), encoding: .utf8
        )
        text = text.replacingOccurrences(of: "../SampleInput/barometer-2019", with: sample)
            .replacingOccurrences(of: "../Output/frivillige-2019-raked", with: folder + "/out")
        for (name, contents) in margins {
            try contents.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
            text = text.replacingOccurrences(of: sample + "/" + name, with: folder + "/" + name)
        }
        try edit(text).write(toFile: folder + "/raked.yml", atomically: false, encoding: .utf8)
        return (try PipelineLoader().load(path: folder + "/raked.yml"), folder)
    }

    func expectFailure(
        margins: [String: String] = [:], edit: (String) -> String = { $0 }, kind: BarometerError.Kind,
        _ message: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let (loaded, folder) = try Self.raked(margins: margins, edit: edit)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(sourceLocation: sourceLocation) {
            try PipelineRunner(loaded).run()
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == kind && error.message.contains(message)
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/latest"), sourceLocation: sourceLocation)
    }

    @Test func marginsWithDifferentTotalsFail() throws {
        try expectFailure(
            margins: ["margins-region.csv": "region;N\n1;4222\n2;2091\n3;2945\n4;3107\n5;1600\n"], kind: .badData,
            "raking margins disagree on the population total: sektor 14000")
    }

    @Test func aSampleRegionMissingFromTheFrameFails() throws {
        try expectFailure(
            margins: ["margins-region.csv": "region;N\n1;4222\n2;2091\n3;2945\n4;4742\n"], kind: .badData,
            "the sample has region cells with no population count in")
    }

    @Test func aFrameRegionWithoutRespondentsFailsAndCollapseFixesIt() throws {
        let regions = "region;N\n1;4222\n2;2091\n3;2945\n4;3107\n5;1600\n6;35\n"
        try expectFailure(
            margins: ["margins-region.csv": regions], kind: .badData,
            "have no respondents: 6 (population 35); merge each with a neighbouring cell, e.g. collapse: [[6, 1]]")
        let (loaded, folder) = try Self.raked(margins: ["margins-region.csv": regions]) {
            $0.replacingOccurrences(of: "margins-region.csv }", with: "margins-region.csv, collapse: [[5, 6]] }")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let summary = try PipelineRunner(loaded).run()
        #expect(summary.calibration?.cells.last?.cell == "5+6" && summary.calibration?.converged == true)
    }

    @Test func aBadCountFailsAtItsLine() throws {
        let (loaded, folder) = try Self.raked(margins: ["margins-sektor.csv": "sektor;N\n1;2250\n2;-1400\n3;10350\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            try PipelineRunner(loaded).compute()
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .badData && error.location?.line == 3
                && error.location!.file.hasSuffix("margins-sektor.csv")
        }
    }

    @Test func nonConvergenceFailsTheRun() throws {
        try expectFailure(
            edit: { $0.replacingOccurrences(of: "max_iterations: 100", with: "max_iterations: 2") }, kind: .failure,
            "raking to sektor, stoerrelse, region did not converge in 2 iterations (tolerance 1e-10); the worst cell is"
        )
    }

    @Test func allowedNonConvergencePublishesAndSaysSo() throws {
        let (loaded, folder) = try Self.raked {
            $0.replacingOccurrences(of: "max_iterations: 100", with: "max_iterations: 2\n  allow_nonconvergence: true")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let summary = try PipelineRunner(loaded).run()
        #expect(summary.calibration?.converged == false && summary.weightNotes.count == 1)
        let text = SummaryText(summary).text
        #expect(text.contains("raking: 2 iterations, NOT converged"))
        #expect(
            text.contains(
                "warning: Raking did not converge: after 2 iterations the weights still miss the population margins"))
        let manifest = try String(contentsOfFile: folder + "/out/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"converged\":false") || manifest.contains("\"converged\": false"))
        #expect(manifest.contains("Raking did not converge"))
        let weights = try Sample.rows(folder + "/out/weights.csv")
        #expect(weights.first { $0["statistic"] == "converged" }?["value"] == "false")
    }

    @Test func trimmingTheRakedWeightsKeepsTheMargins() throws {
        let (loaded, folder) = try Self.raked {
            $0.replacingOccurrences(
                of: "  variance: raking", with: "  trim: { upper: 1.8, relative: true }\n  variance: raking")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let summary = try PipelineRunner(loaded).run()
        let trimming = try #require(summary.trimming)
        #expect(trimming.trimmed > 0 && summary.weights.maximum <= trimming.upper * (1 + 1e-6))
        #expect(summary.calibration!.converged && summary.calibration!.largestGap <= 1e-10)
        let weights = try Sample.rows(folder + "/out/weights.csv")
        #expect(weights.first { $0["statistic"] == "trimmed" }?["value"] == String(trimming.trimmed))
    }

    /// The transform keeps only the export's columns it reads and those asked for, with the
    /// same weights and flags as when it keeps every column.
    @Test func theTransformKeepsTheColumnsItReadsAndThoseAskedFor() throws {
        let (loaded, folder) = try Self.raked()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stages = try PipelineStages(loaded)
        #expect(loaded.pipeline.weighting.columns == ["stratum", "sektor", "stoerrelse", "region"])
        let export = try stages.extract.run().dataset
        let whole = try stages.transform.run(on: export)
        let kept = try stages.transform.run(on: export, using: stages.transform.weightingMethod(), keeping: ["vaerdi_1"])
        let expected = Set(["vaerdi_1", "stratum", "sektor", "stoerrelse", "region", "inno_1", "inno_2", "inno_3", "inno_4"])
            .union(loaded.pipeline.flags.flatMap(\.rule.columns)).union(stages.transform.derivedColumns)
        #expect(Set(kept.dataset.columnNames) == expected)
        #expect(whole.dataset.columnNames.count == export.columnNames.count + stages.transform.derivedColumns.count)
        #expect(kept.weights.weights == whole.weights.weights && kept.inUniverse == whole.inUniverse)
        for flag in stages.transform.derivedColumns { #expect(kept.dataset[flag]?.codes() == whole.dataset[flag]?.codes()) }
    }
}
