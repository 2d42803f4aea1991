import BarometerCore
import Foundation
import Testing

@testable import Barometer

/// The artifact table round-trips every value exactly, in the storage it was written in.
@Suite struct DatasetParquetTests {
    @Test func valuesComeBackExactlyAndInTheirStorage() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-\(UUID()).parquet").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let columns = [
            Column(name: "code", integers: [1, Column.missingCode, -7]),
            Column(name: "weight", reals: [6.162340823948123, .nan, 1e-300]),
            Column(name: "whole", reals: [1, 2, 3]),
            Column(name: "note", texts: ["a, \"quoted\"\nline", "", "0042"]),
        ]
        try DatasetParquet.write(columns, to: path)
        let layout = columns.map { ($0.name, DatasetParquet.storage(of: $0)) }
        let (read, rows) = try DatasetParquet.read(path: path, layout: layout)
        #expect(rows == 3)
        #expect(read[0] == columns[0])
        guard case .real(let weights) = read[1].values, case .real(let whole) = read[2].values else {
            Issue.record("reals must stay reals")
            return
        }
        #expect(weights[0] == 6.162340823948123 && weights[1].isNaN && weights[2] == 1e-300)
        #expect(whole == [1, 2, 3])
        #expect(read[3] == columns[3])
        // Only the columns kept are read, in the file's order.
        let kept = try DatasetParquet.read(path: path, layout: layout, keeping: ["note", "code"])
        #expect(kept.columns.map(\.name) == ["code", "note"] && kept.rowCount == 3)
    }

    @Test func aTableThatDoesNotMatchItsSidecarIsReportedAsDamaged() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-\(UUID()).parquet").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DatasetParquet.write([Column(name: "a", integers: [1])], to: path)
        #expect {
            try DatasetParquet.read(path: path, layout: [("b", .integer)])
        } throws: { error in
            (error as? BarometerError)?.kind == .badData && "\(error)".contains("rerun the stage with --force")
        }
        try Data("not parquet".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try DatasetParquet.read(path: path, layout: [("a", .integer)])
        } throws: { error in
            (error as? BarometerError)?.location?.file == path && "\(error)".contains("damaged (it is not a Parquet file")
        }
    }
}
