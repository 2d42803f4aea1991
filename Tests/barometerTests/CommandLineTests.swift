import Foundation
import GRDB
import Testing

/// The `barometer` binary as cron sees it: exit codes, stdout summary, stderr messages.
@Suite struct CommandLineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binary SwiftPM built next to this test bundle.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("barometer")

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func barometer(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repository
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `barometer` in the background, its output discarded, for tests that race or kill it.
    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A scratch folder with a copy of a shipped pipeline (the sample's by default) writing
    /// into `<folder>/out`.
    static func scratchPipeline(_ name: String = "frivillige-2019", _ edit: (String) -> String = { $0 }) throws
        -> (pipeline: String, folder: String)
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-cli-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var yaml = try String(contentsOf: repository.appendingPathComponent("Pipelines/\(name).yml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "../SampleInput", with: repository.path + "/SampleInput")
            .replacingOccurrences(of: "directory: ../Output/\(name)", with: "directory: \(folder)/out")
        let pipeline = folder + "/pipeline.yml"
        try edit(yaml).write(toFile: pipeline, atomically: false, encoding: .utf8)
        return (pipeline, folder)
    }

    @Test func theSampleRunSucceedsAndPrintsTheHeadline() throws {
        let (pipeline, folder) = try Self.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.barometer(["run", pipeline])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Frivillige foreninger spillede en positiv rolle: "))
        #expect(result.stdout.contains("rows: 2271 read, 2271 accepted, 0 rejected; universe 1878"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/estimates.csv"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/latest/manifest.json"))
    }

    @Test func aMissingPipelineFileExits66() throws {
        let result = try Self.barometer(["run", "/nonexistent/pipeline.yml"])
        #expect(result.status == 66)
        #expect(result.stderr == "barometer: error: /nonexistent/pipeline.yml: pipeline file not found or not readable\n")
    }

    @Test func aMistakeInThePipelineExits64WithItsLine() throws {
        let (pipeline, folder) = try Self.scratchPipeline { $0.replacingOccurrences(of: "headline:", with: "headlin:") }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.barometer(["run", pipeline])
        #expect(result.status == 64)
        let line = try String(contentsOfFile: pipeline, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("headlin:") }.map { $0 + 1 }
        #expect(result.stderr.hasPrefix("barometer: error: \(pipeline):\(line ?? 0):1: headlin: unknown key 'headlin'"), "\(result.stderr)")
    }

    @Test func anUnknownColumnExits64BeforeAnyOutput() throws {
        let (pipeline, folder) = try Self.scratchPipeline { $0.replacingOccurrences(of: "[sektor, arbejdsplads]", with: "[sector]") }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.barometer(["run", pipeline])
        #expect(result.status == 64)
        #expect(result.stderr.contains("breakdown names column 'sector'"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/latest"))
    }

    @Test func aMissingInputExits66() throws {
        let (pipeline, folder) = try Self.scratchPipeline { $0.replacingOccurrences(of: "barometer-2019/frame.csv", with: "barometer-2019/nope.csv") }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.barometer(["run", pipeline])
        #expect(result.status == 66)
        #expect(result.stderr.contains("nope.csv: frame file not found or not readable"))
    }

    @Test func aBadFrameExits65() throws {
        let (pipeline, folder) = try Self.scratchPipeline { $0.replacingOccurrences(of: "population: N", with: "population: sektor") }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.barometer(["run", pipeline])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("has 170 respondents but a population of only 1"), "\(result.stderr)")
    }

    @Test func anUnwritableOutputExits73() throws {
        let (pipeline, folder) = try Self.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        FileManager.default.createFile(atPath: folder + "/out", contents: Data("a file where the folder should be".utf8))
        let result = try Self.barometer(["run", pipeline])
        #expect(result.status == 73, "\(result.stderr)")
    }

    @Test func aSecondRunExits75WhileTheLockIsHeld() throws {
        let (pipeline, folder) = try Self.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        // Hold the pipeline's lock the way a running barometer does.
        let descriptor = open(folder + "/out/.lock", O_RDWR | O_CREAT, 0o644)
        #expect(flock(descriptor, LOCK_EX) == 0)
        let locked = try Self.barometer(["run", pipeline, "--wait", "0.3"])
        #expect(locked.status == 75)
        #expect(locked.stderr.contains("another run of this pipeline holds the lock"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/latest"))
        flock(descriptor, LOCK_UN)
        close(descriptor)
        #expect(try Self.barometer(["run", pipeline]).status == 0)
    }

    @Test func aRunKilledMidwayLeavesThePreviousOutputsAndTheNextRunSucceeds() throws {
        let (pipeline, folder) = try Self.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Self.barometer(["run", pipeline]).status == 0)
        let published = try String(contentsOfFile: folder + "/out/estimates.csv", encoding: .utf8)
        let run = try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/out/latest")
        for delay in [0.05, 0.15, 0.3] {
            let process = try Self.launch(["run", pipeline, "--wait", "5"])
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Either the run was killed before publishing (the old run is still latest) or it
            // finished first; in both cases the published files are whole and consistent.
            let latest = try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/out/latest")
            let now = try String(contentsOfFile: folder + "/out/estimates.csv", encoding: .utf8)
            #expect(now == published)
            #expect(latest == run || FileManager.default.fileExists(atPath: folder + "/out/\(latest)/manifest.json"))
            // The database holds one whole run: the old one (rolled back) or the new one.
            let loaded = try DatabaseQueue(path: folder + "/barometer.sqlite").read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT count(*) FROM runs WHERE status = 'current') AS current,
                               (SELECT count(DISTINCT run_id) FROM estimates) AS runs, (SELECT count(*) FROM estimates) AS rows,
                               (SELECT count(*) FROM estimates e JOIN runs r ON r.id = e.run_id AND r.status = 'current') AS matched
                        """)!
            }
            #expect(loaded["current"] == 1 && loaded["runs"] == 1 && loaded["rows"] == published.split(separator: "\n").count - 1)
            #expect(loaded["matched"] == loaded["rows"] as Int)
        }
        let next = try Self.barometer(["run", pipeline])
        #expect(next.status == 0, "\(next.stderr)")
        let staging = try FileManager.default.contentsOfDirectory(atPath: folder + "/out/runs").filter { $0.hasPrefix(".") }
        #expect(staging.isEmpty)
    }

    @Test func jsonLogsAreOneObjectPerLineOnStderr() throws {
        let (pipeline, folder) = try Self.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.barometer(["run", pipeline, "--log-format", "json", "-v"])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["message"] != nil)
        }
        #expect(result.stdout.contains("rows: 2271 read"))
    }

    @Test func validateChecksEverythingAndWritesNothing() throws {
        let (pipeline, folder) = try Self.scratchPipeline()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.barometer(["validate", pipeline])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "frivillige-2019: valid; 2271 rows read, 0 would be rejected, universe 1878, 80 estimates\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }

    @Test func helpListsTheExitCodes() throws {
        let result = try Self.barometer(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("65 bad input data"))
        #expect(result.stdout.contains("75 locked"))
        #expect(result.stdout.contains("status"))
    }
}
