import BarometerCore
import Foundation
import Testing

@testable import Barometer

/// Stage reuse, single-stage reruns and staleness on the shipped pipelines, in the library.
@Suite struct StagedRunTests {
    typealias Sample = SamplePipelineReferenceTests

    /// `name` with its output in a fresh temporary folder, and `edit` applied to its text.
    static func loaded(_ name: String, edit: (String) -> String = { $0 }) throws -> (PipelineLoader.Loaded, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-staged-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = try String(contentsOf: Sample.repository.appendingPathComponent("Pipelines/\(name).yml"), encoding: .utf8)
            .replacingOccurrences(of: "../SampleInput", with: Sample.repository.path + "/SampleInput")
            .replacingOccurrences(of: "directory: ../Output/\(name)", with: "directory: \(folder)/out")
        try edit(text).write(toFile: folder + "/pipeline.yml", atomically: true, encoding: .utf8)
        return (try PipelineLoader().load(path: folder + "/pipeline.yml"), folder)
    }

    /// The published tables: everything but the manifest and the reports, which name the run.
    static func published(_ folder: String) throws -> [String: Data] {
        let latest = folder + "/out/latest"
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: latest)
        where name != "manifest.json" && !name.hasPrefix("report.") {
            files[name] = FileManager.default.contents(atPath: "\(latest)/\(name)")
        }
        return files
    }

    /// The expansion design, raking (per-margin cells) and raking with the calibration
    /// variance (a regression step), each read back from the transform artifact.
    @Test(arguments: [
        ("frivillige-2019", "", ""), ("frivillige-2019-raked", "", ""),
        ("frivillige-2019-raked", "variance: raking", "variance: calibration"),
    ])
    func eachStageRerunFromItsUpstreamArtifactGivesByteIdenticalOutputs(name: String, from: String, to: String) throws {
        let (loaded, folder) = try Self.loaded(name) { from.isEmpty ? $0 : $0.replacingOccurrences(of: from, with: to) }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runner = PipelineRunner(loaded)
        #expect(try runner.run(StageSelection()).stages.allSatisfy { $0.action == .ran })
        let first = try Self.published(folder)
        for stage in StageName.allCases {
            let (outcomes, _) = try runner.run(.only(stage))
            #expect(outcomes.map(\.action) == StageName.allCases.map { $0 == stage ? .ran : .skipped })
            // The stage's output is what it was, so every later stage is still up to date.
            #expect(try runner.run(StageSelection()).stages.allSatisfy { $0.action == .reused })
        }
        let (forced, _) = try runner.run(StageSelection(from: .load, force: true))
        #expect(forced.last?.action == .ran)
        #expect(try Self.published(folder) == first)
    }

    /// The transform artifact holds only the columns the transform derived; a rerun of
    /// aggregate finds the export's columns in the extract artifact, leaving out the rows the
    /// transform rejected (here those of a stratum the frame lacks).
    @Test func aRerunFromArtifactsLeavesOutTheRowsTheTransformRejected() throws {
        let frame = try String(contentsOfFile: Sample.repository.path + "/SampleInput/barometer-2019/frame.csv", encoding: .utf8)
        let (loaded, folder) = try Self.loaded("frivillige-2019")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try frame.split(separator: "\n").filter { !$0.hasPrefix("12;") }.joined(separator: "\n")
            .write(toFile: folder + "/frame.csv", atomically: true, encoding: .utf8)
        let text = String(decoding: loaded.bytes, as: UTF8.self)
            .replacingOccurrences(of: Sample.repository.path + "/SampleInput/barometer-2019/frame.csv", with: folder + "/frame.csv")
        try text.write(toFile: loaded.path, atomically: true, encoding: .utf8)
        let runner = PipelineRunner(try PipelineLoader().load(path: loaded.path))
        let summary = try runner.run()
        #expect(summary.rowsRejected > 0 && summary.rowsAccepted + summary.rowsRejected == summary.rowsRead)
        let artifact = try ParquetReader(path: folder + "/out/stages/transform/dataset.parquet")
        #expect(artifact.rowCount == summary.rowsAccepted)
        #expect(artifact.columns.map(\.name).starts(with: ["innovative", "initiated", "promoted", "collaborated", "positive_role", "barometer_line"]))
        let first = try Self.published(folder)
        let (outcomes, _) = try runner.run(StageSelection(from: .aggregate, force: true))
        #expect(outcomes.map(\.action) == [.skipped, .skipped, .ran, .ran])
        #expect(try Self.published(folder) == first)
    }

    /// A raking margin's weights before it are the previous margin's after it, and the last
    /// margin's after it the final weights: the transform artifact writes each array once and
    /// names the column that holds the others (the rerun test above reads them back).
    @Test func calibrationColumnsEqualToAnEarlierOneAreWrittenOnce() throws {
        let (loaded, folder) = try Self.loaded("frivillige-2019-raked")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try PipelineRunner(loaded).run(StageSelection(until: .transform))
        let manifest = try #require(StageArtifactStore(outputDirectory: loaded.outputDirectory).manifest(of: .transform))
        #expect(
            manifest.design?.aliases == [
                "barometer_cal0_1_before": "barometer_cal0_0_after", "barometer_cal0_2_before": "barometer_cal0_1_after",
                "barometer_cal0_2_after": "barometer_weight",
            ])
        let header = try ParquetReader(path: folder + "/out/stages/transform/dataset.parquet").columns.map(\.name)
        #expect(header.filter { $0.hasPrefix("barometer_cal") } == [
            "barometer_cal0_0_cell", "barometer_cal0_0_before", "barometer_cal0_0_after", "barometer_cal0_1_cell",
            "barometer_cal0_1_after", "barometer_cal0_2_cell",
        ])
        #expect(manifest.dataset?.extraColumns.map(\.name).filter { $0.hasPrefix("barometer_cal") } == header.filter { $0.hasPrefix("barometer_cal") })
    }

    /// A damaged transform artifact names its file, and the row at fault.
    @Test func aTransformArtifactRowTheExtractLacksIsNamed() throws {
        let (loaded, folder) = try Self.loaded("frivillige-2019")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runner = PipelineRunner(loaded)
        _ = try runner.run()
        let path = folder + "/out/stages/transform/dataset.parquet"
        let reader = try ParquetReader(path: path)
        var columns = try reader.columns.indices.map { Column(name: reader.columns[$0].name, values: try reader.values(ofColumn: $0)) }
        let line = try #require(columns.firstIndex { $0.name == "barometer_line" })
        var lines = columns[line].codes()
        lines[1] = 999_999
        columns[line] = Column(name: "barometer_line", integers: lines)
        try DatasetParquet.write(columns, to: path)
        #expect {
            try runner.run(.only(.aggregate))
        } throws: { error in
            guard let error = error as? BarometerError else { return false }
            return error.kind == .badData && error.location?.file.hasSuffix("stages/transform/dataset.parquet") == true
                && "\(error)".contains("row 2: barometer_line 999999 is not there")
        }
    }

    @Test func aTransformArtifactWhoseRowsTheExtractLacksIsRefused() {
        #expect(StageArtifactStore.rows(withLines: [2, 3, 5], among: [2, 3, 5]) == [true, true, true])
        #expect(StageArtifactStore.rows(withLines: [3, 9], among: [2, 3, 5, 9]) == [false, true, false, true])
        #expect(StageArtifactStore.rows(withLines: [], among: [2, 3]) == [false, false])
        #expect(StageArtifactStore.rows(withLines: [3, 2], among: [2, 3, 5]) == nil)
        #expect(StageArtifactStore.rows(withLines: [4], among: [2, 3, 5]) == nil)
    }

    @Test func changingAPipelineKeyOrAnInputMarksExactlyTheStagesThatReadIt() throws {
        var frame = try String(
            contentsOfFile: Sample.repository.path + "/SampleInput/barometer-2019/frame.csv", encoding: .utf8)
        let (loaded, folder) = try Self.loaded("frivillige-2019")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try frame.write(toFile: folder + "/frame.csv", atomically: true, encoding: .utf8)
        var text = String(decoding: loaded.bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: Sample.repository.path + "/SampleInput/barometer-2019/frame.csv", with: folder + "/frame.csv")
        try text.write(toFile: loaded.path, atomically: true, encoding: .utf8)
        _ = try PipelineRunner(try PipelineLoader().load(path: loaded.path)).run()

        func stale() throws -> [StageName: [String]] {
            let states = try PipelineStages(try PipelineLoader().load(path: loaded.path)).states()
            return Dictionary(uniqueKeysWithValues: states.filter { !$0.isUpToDate }.map { ($0.stage, $0.reasons) })
        }
        #expect(try stale().isEmpty)

        try (text + "\n# only a comment\n").write(toFile: loaded.path, atomically: true, encoding: .utf8)
        #expect(try stale().isEmpty)

        try text.replacingOccurrences(of: "interval: logit", with: "interval: beta").write(
            toFile: loaded.path, atomically: true, encoding: .utf8)
        #expect(try stale() == [.aggregate: ["pipeline key estimates.interval changed"], .load: ["aggregate is stale"]])

        try text.write(toFile: loaded.path, atomically: true, encoding: .utf8)
        frame += "\n"
        try frame.write(toFile: folder + "/frame.csv", atomically: true, encoding: .utf8)
        #expect(
            try stale() == [
                .transform: ["input frame \(folder)/frame.csv changed"], .aggregate: ["transform is stale"],
                .load: ["aggregate is stale"],
            ])
    }

    @Test func aStageWhoseUpstreamIsStaleRunsNothingAndSaysWhatToRun() throws {
        let (loaded, folder) = try Self.loaded("frivillige-2019")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            try PipelineRunner(loaded).run(.only(.aggregate))
        } throws: { error in
            let message = "\(error)"
            return (error as? BarometerError)?.kind == .usage && message.contains("cannot start at aggregate: extract has no artifact")
                && message.contains("--until extract` first")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/stages/extract"))
    }
}
