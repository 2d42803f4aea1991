import BarometerExtract
import Foundation

@testable import Barometer

/// A generated bundle read back with a deliberately tiny parser (semicolons, RFC 4180
/// quotes, Windows-1252 or UTF-8), so these tests depend on no other reader in the project.
struct SampleBundle: Sendable {
    /// Every file's bytes, by file name.
    var files: [String: [UInt8]]
    var header: [String]
    /// dataset.csv rows after the header, fields decoded.
    var rows: [[String]]
    var frame: [[String]]
    var regionMargins: [[String]]

    /// The default configuration's bundle, generated and read once for all tests.
    static let reference = try! SampleBundle(SampleConfiguration())

    init(_ configuration: SampleConfiguration) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("barometer-sample-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try SampleGenerator(configuration).write(to: directory)
        files = [:]
        for name in [
            "dataset.csv", "structure.csv", "labels.csv", "frame.csv", "margins-region.csv",
        ] {
            files[name] = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
        }
        let dataset = Self.parse(files["dataset.csv"]!, decode: Windows1252.decode)
        header = dataset[0]
        rows = Array(dataset.dropFirst())
        let utf8 = { (bytes: ArraySlice<UInt8>) in String(decoding: bytes, as: UTF8.self) }
        frame = Self.parse(files["frame.csv"]!, decode: utf8)
        regionMargins = Self.parse(files["margins-region.csv"]!, decode: utf8)
    }

    func column(_ name: String) -> Int { header.firstIndex(of: name)! }

    /// The values of `name` in every row.
    func values(_ name: String) -> [String] {
        let index = column(name)
        return rows.map { $0[index] }
    }

    /// Expansion weight N_h / n_h of every row, from frame.csv and the stratum column.
    func weights() -> [Double] {
        let strata = values("stratum")
        var n: [String: Int] = [:]
        for stratum in strata { n[stratum, default: 0] += 1 }
        var population: [String: Double] = [:]
        for line in frame.dropFirst() { population[line[0]] = Double(line[3])! }
        return strata.map { population[$0]! / Double(n[$0]!) }
    }

    /// Records of `bytes`: fields split on unquoted `;`, records on unquoted LF.
    static func parse(_ bytes: [UInt8], decode: (ArraySlice<UInt8>) -> String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: ";") {
                record.append(decode(field[...]))
                field = []
            } else if byte == 0x0A {
                record.append(decode(field[...]))
                records.append(record)
                record = []
                field = []
            } else {
                field.append(byte)
            }
            index += 1
        }
        precondition(record.isEmpty && field.isEmpty && !quoted, "file does not end with LF")
        return records
    }
}
