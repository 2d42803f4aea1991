import BarometerCore
import Foundation
import Testing

@testable import Barometer

@Suite struct PipelineLoaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Writes `yaml` to a temporary pipeline file and loads it.
    func load(_ yaml: String) throws -> PipelineLoader.Loaded {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID()).yml").path
        try yaml.write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try PipelineLoader().load(path: path)
    }

    static let minimal = """
        name: test
        input: { format: csv, path: data.csv }
        universe: { name: all, rule: { column: x, codes: [1] } }
        flags:
          - { name: f, rule: { column: y, codes: [1] } }
        weighting: { method: column, weight: w }

        """

    @Test func theShippedPipelinesLoad() throws {
        for name in ["frivillige-2019", "borgere-2019"] {
            let loaded = try PipelineLoader().load(path: Self.repository.appendingPathComponent("Pipelines/\(name).yml").path)
            #expect(loaded.pipeline.name == name)
            #expect(loaded.pipeline.flags.map(\.name) == ["initiated", "promoted", "collaborated", "positive_role"])
            #expect(loaded.pipeline.headline == "positive_role")
            #expect(loaded.pipeline.estimates.breakdowns == ["sektor", "arbejdsplads"])
            #expect(loaded.outputDirectory.hasSuffix("Output/\(name)"))
        }
    }

    @Test func defaultsApplyAndPathsResolveBesideTheFile() throws {
        let loaded = try load(Self.minimal)
        #expect(loaded.pipeline.headline == "f")
        #expect(loaded.pipeline.estimates.confidence == 0.95)
        #expect(loaded.resolve("data.csv") == loaded.baseDirectory + "/data.csv")
        #expect(loaded.resolve("/abs/data.csv") == "/abs/data.csv")
    }

    /// Loads `yaml` from a pipeline file two folders down, so that the project is a folder of
    /// its own.
    func loadInProject(_ yaml: String) throws -> PipelineLoader.Loaded {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("project-\(UUID())")
        let pipelines = project.appendingPathComponent("Pipelines")
        try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: project) }
        let path = pipelines.appendingPathComponent("p.yml").path
        try yaml.write(toFile: path, atomically: false, encoding: .utf8)
        return try PipelineLoader().load(path: path)
    }

    @Test func anOutputFolderOutsideTheProjectIsRefused() throws {
        #expect(throws: BarometerError.self) { try loadInProject(Self.minimal + "output: { directory: ../../etc }\n") }
        do {
            _ = try loadInProject(Self.minimal + "output:\n  directory: ../Output/../../x\n")
            Issue.record("expected an error")
        } catch let error as BarometerError {
            #expect(error.kind == .usage)
            #expect(error.location?.line == 8)
            #expect(error.message.contains("leaves the project folder"))
        }
        #expect(try loadInProject(Self.minimal + "output: { directory: ../Output/p }\n").outputDirectory.hasSuffix("/Output/p"))
        #expect(try loadInProject(Self.minimal + "output: { directory: /tmp/elsewhere }\n").outputDirectory == "/tmp/elsewhere")
    }

    @Test func aliasesThatExplodeAreRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        do {
            _ = try load(Self.minimal + yaml)
            Issue.record("expected an error")
        } catch let error as BarometerError {
            #expect(error.kind == .usage)
            #expect(error.message.contains("more than 100000 YAML nodes"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aDatabasePasswordIsRefusedInThePipelineFile() throws {
        #expect(throws: BarometerError.self) {
            try load(Self.minimal + "output: { database: \"postgres://u:secret@db.example/barometer\" }\n")
        }
        let url = "postgres://u@db.example/barometer"
        #expect(try load(Self.minimal + "output: { database: \"\(url)\" }\n").database == url)
    }

    @Test func anUnknownKeyIsReportedAtItsLine() {
        #expect {
            try load(Self.minimal + "outptu: { directory: x }\n")
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .usage && error.location?.line == 7 && error.message.contains("unknown key 'outptu'")
        }
    }

    @Test func aWrongTypeIsReportedAtTheValue() {
        let yaml = Self.minimal + "estimates: { confidence: high }\n"
        #expect {
            try load(yaml)
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .usage && error.location?.line == 7 && error.message.hasPrefix("estimates.confidence")
        }
    }

    @Test func aMissingSectionIsNamed() {
        #expect {
            try load("name: x\ninput: { format: csv, path: d.csv }\n")
        } throws: { error in
            (error as! BarometerError).message.contains("missing key 'universe'")
        }
    }

    @Test func brokenYAMLGivesLineAndColumn() {
        #expect {
            try load("name: [unclosed\n")
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .usage && error.location?.line != nil && error.message.hasPrefix("not valid YAML")
        }
    }

    @Test func aMissingPipelineFileIsMissingInput() {
        #expect {
            try PipelineLoader().load(path: "/nonexistent/pipeline.yml")
        } throws: { error in
            (error as! BarometerError).kind == .missingInput
        }
    }
}
