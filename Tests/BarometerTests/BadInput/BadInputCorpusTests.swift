import BarometerCore
import Foundation
import Testing

@testable import Barometer
import BarometerExtract

/// Runs every case of `BadInputCorpus` through `PipelineRunner.run()` and checks the outcome
/// exactly; a failed run must publish nothing, and a published one must account for every row.
@Suite struct BadInputCorpusTests {
    @Test(arguments: BadInputCorpus.cases)
    func theOutcomeIsTheExpectedOne(_ input: BadInputCase) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-bad-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var files = BadInputCorpus.bundle.mapValues { Array($0.utf8) }
        files["pipeline.yml"] = Array(input.edit(BadInputCorpus.bundle["pipeline.yml"]!).utf8)
        for (name, bytes) in input.files { files[name] = bytes }
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name)) }

        switch input.expected {
        case .failure(let status, let message, let file, let line, let column):
            do {
                let loaded = try PipelineLoader().load(path: folder + "/pipeline.yml")
                _ = try PipelineRunner(loaded).run()
                Issue.record("\(input): expected exit \(status.rawValue), the run succeeded")
            } catch let error as BarometerError {
                #expect(ExitStatus(error.kind) == status, "\(input): \(error)")
                #expect(error.message.contains(message), "\(input): \(error)")
                if let file { #expect(error.location?.file.hasSuffix(file) == true, "\(input): \(error)") }
                if let line { #expect(error.location?.line == line, "\(input): \(error)") }
                if let column { #expect(error.location?.column == column, "\(input): \(error)") }
            }
            #expect(!FileManager.default.fileExists(atPath: folder + "/out/latest"), "\(input): published after a failure")
        case .rows(let accepted, let rejects):
            let loaded = try PipelineLoader().load(path: folder + "/pipeline.yml")
            let summary = try PipelineRunner(loaded).run()
            #expect(summary.rowsAccepted == accepted, "\(input)")
            #expect(summary.rowsRead == summary.rowsAccepted + summary.rowsRejected, "\(input)")
            let table = try CSVReader(dialect: CSVDialect(delimiter: .byte(UInt8(ascii: ",")), encoding: .utf8))
                .read(path: folder + "/out/latest/rejects.csv").dataset
            #expect(table.rowCount == rejects.count, "\(input)")
            #expect(summary.rowsRejected == rejects.count, "\(input)")
            let column = { (name: String) in try table.requireColumn(name, for: "test") }
            for (row, expected) in zip(0..<table.rowCount, rejects) {
                #expect(try column("file").text(at: row).hasSuffix("dataset.csv"), "\(input)")
                #expect(try column("line").text(at: row) == String(expected.line), "\(input)")
                let reason = try column("reason").text(at: row)
                #expect(reason.contains(expected.reason), "\(input): \(reason)")
            }
        }
    }

    @Test func theCorpusIsAtLeastFortyStrong() {
        #expect(BadInputCorpus.cases.count >= 30)
    }
}
