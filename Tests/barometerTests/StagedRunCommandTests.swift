import Foundation
import Testing

/// Stages on the command line: reuse, single-stage reruns, status, and the exit codes of
/// staged runs (64 for a stale upstream, 1 for raking that does not converge, 75 for a
/// concurrent run, a clean next run after kill -9).
@Suite struct StagedRunCommandTests {
    typealias CLI = CommandLineTests

    @Test func aRerunOfOneStageReusesTheOthersAndPublishesTheSameBytes() throws {
        let (pipeline, folder) = try CLI.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try CLI.barometer(["run", pipeline])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("stages: extract ran ("))
        #expect(!first.stderr.contains("\r"), "no progress bar when stderr is not a terminal")
        let published = try Data(contentsOf: URL(fileURLWithPath: folder + "/out/estimates.csv"))

        let status = try CLI.barometer(["status", pipeline])
        #expect(status.status == 0)
        #expect(status.stdout.split(separator: "\n").filter { $0.contains("up to date") }.count == 4, "\(status.stdout)")

        let aggregate = try CLI.barometer(["run", pipeline, "--stage", "aggregate"])
        #expect(aggregate.status == 0, "\(aggregate.stderr)")
        #expect(aggregate.stdout.contains("stages: extract skipped, transform skipped, aggregate ran ("))
        let again = try CLI.barometer(["run", pipeline])
        #expect(again.stdout.contains("stages: extract reused, transform reused, aggregate reused, load reused"))
        let load = try CLI.barometer(["run", pipeline, "--from", "load", "--force"])
        #expect(load.stdout.contains("load ran ("))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/out/estimates.csv")) == published)
        #expect(FileManager.default.fileExists(atPath: folder + "/out/stages/transform/dataset.parquet"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/stages/aggregate/estimates.csv"))
    }

    @Test func statusNamesTheKeyThatChanged() throws {
        let (pipeline, folder) = try CLI.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.barometer(["run", pipeline]).status == 0)
        let yaml = try String(contentsOfFile: pipeline, encoding: .utf8)
        try yaml.replacingOccurrences(of: "[sektor, arbejdsplads]", with: "[sektor]").write(toFile: pipeline, atomically: true, encoding: .utf8)
        let until = try CLI.barometer(["run", pipeline, "--until", "aggregate"])
        #expect(until.stdout.contains("the published outputs are not up to date (load did not run)"))
        #expect(until.stdout.contains("stages: extract reused, transform reused, aggregate ran ("))
        try yaml.write(toFile: pipeline, atomically: true, encoding: .utf8)
        #expect(try CLI.barometer(["run", pipeline]).stdout.contains("aggregate ran ("))
        try yaml.replacingOccurrences(of: "[sektor, arbejdsplads]", with: "[sektor]").write(toFile: pipeline, atomically: true, encoding: .utf8)
        let status = try CLI.barometer(["status", pipeline])
        let lines = status.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(status.stdout)")
        #expect(lines[0].hasPrefix("extract    up to date   ran "))
        #expect(lines[1].hasPrefix("transform  up to date   ran "))
        #expect(lines[2].hasPrefix("aggregate  stale        ran ") && lines[2].hasSuffix("rows 2271 in, 90 out"))
        #expect(lines[3] == "           - pipeline key estimates.breakdowns changed")
        #expect(lines[5] == "           - aggregate is stale")
    }

    @Test func aStageWhoseUpstreamIsMissingExits64AndRunsNothing() throws {
        let (pipeline, folder) = try CLI.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try CLI.barometer(["run", pipeline, "--stage", "transform"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("cannot start at transform: extract has no artifact; run `barometer run \(pipeline) --until extract` first"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/stages/transform"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/latest"))
    }

    @Test func aRangeThatEndsBeforeItStartsExits64() throws {
        let result = try CLI.barometer(["run", "Pipelines/frivillige-2019.yml", "--from", "load", "--until", "extract"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--until extract comes before --from load"))
    }

    @Test func rakingThatDoesNotConvergeExits1() throws {
        let (pipeline, folder) = try CLI.scratchPipeline("frivillige-2019-raked") {
            $0.replacingOccurrences(of: "max_iterations: 100", with: "max_iterations: 2")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try CLI.barometer(["run", pipeline])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("did not converge in 2 iterations"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/latest"))
    }

    @Test func aSecondConcurrentRunExits75WhileTheFirstCompletes() throws {
        let (pipeline, folder) = try CLI.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try CLI.launch(["run", pipeline])
        // The first run holds the lock from the moment its lock file exists until it exits.
        while first.isRunning && !FileManager.default.fileExists(atPath: folder + "/out/stages") { usleep(5_000) }
        let overlapping = first.isRunning
        let second = try CLI.barometer(["run", pipeline])
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        if overlapping {
            #expect(second.status == 75, "\(second.stderr)")
            #expect(second.stderr.contains("another run of this pipeline holds the lock"))
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/out/latest/manifest.json"))
    }

    @Test func aRunKilledMidStageLeavesEveryArtifactWholeAndTheNextRunSucceeds() throws {
        let (pipeline, folder) = try CLI.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.barometer(["run", pipeline]).status == 0)
        let published = try String(contentsOfFile: folder + "/out/estimates.csv", encoding: .utf8)
        for delay in [0.02, 0.1, 0.2, 0.4] {
            let process = try CLI.launch(["run", pipeline, "--force", "--wait", "5"])
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try String(contentsOfFile: folder + "/out/estimates.csv", encoding: .utf8) == published)
            for stage in ["extract", "transform", "aggregate", "load"] {
                #expect(FileManager.default.fileExists(atPath: "\(folder)/out/stages/\(stage)/artifact.json"), "\(stage) after \(delay) s")
            }
        }
        let next = try CLI.barometer(["run", pipeline])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try String(contentsOfFile: folder + "/out/estimates.csv", encoding: .utf8) == published)
        let stages = try FileManager.default.contentsOfDirectory(atPath: folder + "/out/stages")
        #expect(stages.filter { $0.hasPrefix(".") }.count == 4, "\(stages)")
        #expect(try CLI.barometer(["status", pipeline]).stdout.components(separatedBy: "up to date").count == 5)
    }
}
