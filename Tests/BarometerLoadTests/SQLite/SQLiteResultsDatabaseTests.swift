import BarometerCore
import Foundation
import GRDB
import Testing

@testable import BarometerLoad

@Suite struct SQLiteResultsDatabaseTests {
    let folder = NSTemporaryDirectory() + "barometer-db-\(UUID().uuidString)"
    var path: String { folder + "/results.sqlite" }

    /// A wave with the overall share of two indicators and one breakdown level.
    static func wave(
        pipeline: String = "frivillige-2019", series: String = "frivillige", wave: String = "2018-2019",
        run: String = "20190101T000000Z", share: Double = 0.159, label: String = "Frivillige"
    ) -> WaveLoad {
        var estimates = Table(columns: EstimatesTable.columns)
        for (indicator, group, level, value) in [
            ("positive_role", "overall", "all", share), ("initiated", "overall", "all", share / 5),
            ("positive_role", "sektor", "1", share + 0.01),
        ] {
            estimates.append([
                .text(pipeline), .text(indicator), .text(group), .text(level), .text(label), .number(value),
                .number(0.01), .number(value - 0.02), .number(value + 0.02), .integer(1878), .number(11140.9),
                .text(label), .number(2262), .text("logit"), .number(0.95), .number(1.3), .number(1400),
                .boolean(false), .missing,
            ])
        }
        var weights = Table(columns: [
            "method", "count", "minimum", "maximum", "mean", "sum", "cv", "kish_deff", "effective_n", "calibration",
            "iterations", "converged", "largest_gap", "trimmed", "notes",
        ])
        weights.append([
            .text("expansion"), .integer(2271), .number(1.8), .number(10.8), .number(6.2), .number(14000), .number(0.53),
            .number(1.28), .number(1772), .missing, .missing, .missing, .missing, .missing, .missing,
        ])
        let codebook = Codebook([
            Variable(
                name: "sektor", kind: .single, label: "Hvilken sektor?",
                valueLabels: [ValueLabel(code: "1", label: label)])
        ])
        return WaveLoad(
            run: run, pipeline: pipeline, series: series, wave: wave, title: "Titel", started: Date(timeIntervalSince1970: 0),
            finished: Date(timeIntervalSince1970: 1), toolVersion: "test",
            inputs: .array([.object([("role", .string("data")), ("sha256", .string("abc"))])]), rowsRead: 2271,
            rowsAccepted: 2271, rowsRejected: 0, universe: 1878, estimates: estimates, comparisons: nil, weights: weights,
            codebook: codebook)
    }

    func count(_ sql: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test func rerunningAWaveReplacesItsRows() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = SQLiteResultsDatabase(path: path)
        try database.load(Self.wave(run: "A")) { _ in }
        try database.load(Self.wave(run: "B", share: 0.2)) { _ in }
        #expect(try count("SELECT count(*) FROM estimates") == 3)
        #expect(try count("SELECT count(*) FROM estimates WHERE run_id = 'B'") == 3)
        #expect(try count("SELECT count(*) FROM weight_diagnostics") == 1)
        #expect(try count("SELECT count(*) FROM codebook_labels") == 2)
        #expect(try count("SELECT count(*) FROM runs WHERE status = 'current'") == 1)
        #expect(try count("SELECT count(*) FROM runs WHERE status = 'superseded' AND id = 'A'") == 1)
    }

    @Test func wavesAndPipelinesLiveSideBySideAndTrendOrdersByWave() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = SQLiteResultsDatabase(path: path)
        try database.load(Self.wave()) { _ in }
        try database.load(Self.wave(pipeline: "borgere-2019", series: "borgere", run: "C")) { _ in }
        var seen: [TrendPoint] = []
        try database.load(Self.wave(pipeline: "frivillige-2016", wave: "2015-2016", run: "D", share: 0.12)) { seen = $0 }
        #expect(try count("SELECT count(*) FROM estimates") == 9)
        let trend = try database.trend(series: "frivillige")
        #expect(trend == seen)
        #expect(trend.map(\.wave) == ["2015-2016", "2018-2019", "2015-2016", "2018-2019"])
        #expect(trend.map(\.indicator) == ["initiated", "initiated", "positive_role", "positive_role"])
        #expect(trend[2].estimate == 0.12 && trend[3].estimate == 0.159 && trend[3].unweightedCount == 1878)
    }

    @Test func aFailedPublishRollsEverythingBack() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = SQLiteResultsDatabase(path: path)
        try database.load(Self.wave(run: "A")) { _ in }
        let failure = BarometerError(.cannotWrite, "disk full")
        #expect(throws: BarometerError.self) {
            try database.load(Self.wave(run: "B", share: 0.5)) { _ in throw failure }
        }
        #expect(try count("SELECT count(*) FROM runs") == 1)
        #expect(try count("SELECT count(*) FROM estimates WHERE run_id = 'A'") == 3)
        #expect(try database.trend(series: "frivillige").last?.estimate == 0.159)
    }

    @Test func textIsBoundNotSpliced() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hostile = "O'Brien\"); DROP TABLE runs; --"
        try SQLiteResultsDatabase(path: path).load(Self.wave(wave: hostile, label: hostile)) { _ in }
        let labels = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT level_label FROM estimates WHERE wave = ?", arguments: [hostile])
        }
        #expect(labels == [hostile, hostile, hostile])
    }

    @Test func databaseColumnsAreTheTablesColumns() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SQLiteResultsDatabase(path: path).open()
        let columns = try DatabaseQueue(path: path).read { db in
            (
                try db.columns(in: "estimates").map(\.name), try db.columns(in: "comparisons").map(\.name),
                try db.columns(in: "codebook_labels").map(\.name)
            )
        }
        #expect(columns.0 == ["pipeline", "wave", "run_id"] + EstimatesTable.columns.dropFirst())
        #expect(columns.1 == ["pipeline", "wave", "run_id"] + ComparisonsTable.columns.dropFirst())
        #expect(columns.2 == ["pipeline", "wave"] + Self.wave().codebookLabels.columns)
    }

    @Test func aWriteFailureIsCannotWrite() throws {
        let blocked = NSTemporaryDirectory() + "barometer-file-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: blocked, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: blocked) }
        let error = #expect(throws: BarometerError.self) {
            try SQLiteResultsDatabase(path: blocked + "/results.sqlite").load(Self.wave()) { _ in }
        }
        #expect(error?.kind == .cannotWrite)
    }
}
