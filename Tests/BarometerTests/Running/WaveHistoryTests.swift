import BarometerCore
import BarometerLoad
import Foundation
import GRDB
import Testing

@testable import Barometer

/// The two sample waves of the volunteer series, loaded into one results database.
@Suite struct WaveHistoryTests {
    func run(_ name: String, into folder: String) throws -> RunSummary {
        let path = SamplePipelineReferenceTests.repository.appendingPathComponent("Pipelines/\(name).yml").path
        var loaded = try PipelineLoader().load(path: path)
        loaded.pipeline.output.directory = folder + "/" + name
        return try PipelineRunner(loaded).run()
    }

    @Test func bothWavesLoadSideBySideAndRerunsDoNotDuplicate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-waves-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let older = try run("frivillige-2016", into: folder)
        #expect(older.rowsRead == 2363 && older.rowsRejected == 0)
        _ = try run("frivillige-2019", into: folder)
        let database = SQLiteResultsDatabase(path: folder + "/barometer.sqlite")
        let counts = {
            try DatabaseQueue(path: database.path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM estimates") }
        }
        let loadedOnce = try counts()
        _ = try run("frivillige-2019", into: folder)
        #expect(try counts() == loadedOnce)

        let trend = try database.trend(series: "frivillige").filter { $0.indicator == "positive_role" }
        #expect(trend.map(\.wave) == ["2015-2016", "2018-2019"])
        #expect(trend.map(\.unweightedCount) == [older.universeCount, 1878])
        let headline = try #require(older.headline)
        #expect(trend.first?.estimate == headline.estimate.estimate)
    }
}
