import BarometerCore
import Foundation
import Testing

@testable import Barometer

/// Barometer's Parquet against the readers and writers analysts use: the fixtures in
/// `Fixtures/` come from `Fixtures/check.py` (pyarrow, DuckDB, polars).
@Suite struct ParquetTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// The table of `check.py`: nulls in every column, codes that fit a byte, codes that do
    /// not, reals that must come back bit for bit, text that needs quoting in CSV.
    static let columns = [
        Column(name: "code", integers: [3, Column.missingCode, 1, 3, 200, 0, Column.missingCode]),
        Column(name: "wide", integers: [1000, -5, Column.missingCode, 2_147_483_647, 0, -2_147_483_647, 7]),
        Column(name: "real", reals: [6.162340823948123, .nan, 1e-300, -0.0, 1.5, .infinity, 2]),
        Column(name: "text", texts: ["a, \"quoted\"\nline", "", "0042", "æøå", "x", "", "last"]),
    ]

    /// Three rows a row group and a page of a few cells, so every column spans several of both.
    static let writer = ParquetWriter(rowGroupRows: 3, pageBytes: 8, createdBy: "barometer test")

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(UUID()).parquet").path
    }

    @Test func theWritersFileIsTheOnePyarrowDuckDBAndPolarsReadAsWritten() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writer.write(Self.columns, to: path)
        if ProcessInfo.processInfo.environment["BAROMETER_WRITE_FIXTURES"] != nil {
            try FileManager.default.removeItem(atPath: Self.fixtures + "/barometer-written.parquet")
            try FileManager.default.copyItem(atPath: path, toPath: Self.fixtures + "/barometer-written.parquet")
        }
        // The same bytes as the file check.py read, so what those readers saw holds for it.
        #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: Self.fixtures + "/barometer-written.parquet"))

        let seen = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/barometer-written.json")))
        let cells = try #require(seen as? [String: [Any]])
        #expect(cells["code"]?.map { ($0 as? Int).map(Int32.init) ?? Column.missingCode } == Self.columns[0].codes())
        #expect(cells["wide"]?.map { ($0 as? Int).map(Int32.init) ?? Column.missingCode } == Self.columns[1].codes())
        // Reals as Python's repr, which round-trips.
        let reals = try #require(cells["real"]).map { ($0 as? String).map { $0 == "inf" ? Double.infinity : Double($0)! } ?? .nan }
        #expect(reals.map(\.bitPattern) == Self.columns[2].numbers().map(\.bitPattern))
        #expect(cells["text"]?.map { $0 as? String ?? "" } == (0..<7).map { Self.columns[3].text(at: $0) })
    }

    @Test func aFileWrittenByPyarrowReadsBackCellForCell() throws {
        let reader = try ParquetReader(path: Self.fixtures + "/pyarrow-written.parquet")
        #expect(reader.rowCount == 7)
        #expect(reader.columns.map(\.name) == ["code", "wide", "real", "text"])
        for (index, column) in Self.columns.enumerated() {
            let read = Column(name: column.name, values: try reader.values(ofColumn: index))
            #expect(read.numbers().map(\.bitPattern) == column.numbers().map(\.bitPattern), "\(column.name)")
            #expect((0..<7).map(read.text(at:)) == (0..<7).map(column.text(at:)), "\(column.name)")
        }
    }

    /// Larger columns, cut into many row groups and pages, with missing cells at random.
    @Test func columnsComeBackExactlyInTheirStorage() throws {
        var random = SplitMix64(seed: 1_000)
        let rows = 1_000
        let codes = (0..<rows).map { _ in Bool.random(using: &random) ? Column.missingCode : Int32.random(in: 0...254, using: &random) }
        let texts = (0..<rows).map { _ in Bool.random(using: &random) ? "" : String(repeating: "é", count: Int.random(in: 1...20, using: &random)) }
        let columns = [
            Column(name: "codes", integers: codes),
            Column(name: "lines", integers: (0..<rows).map { Int32($0 * 1_000) }),
            Column(name: "weights", reals: (0..<rows).map { $0 % 7 == 0 ? .nan : Double.random(in: -1e6...1e6, using: &random) }),
            Column(name: "notes", texts: texts),
            Column(name: "all missing", integers: [Int32](repeating: Column.missingCode, count: rows)),
        ]
        for writer in [ParquetWriter(createdBy: "test"), ParquetWriter(rowGroupRows: 97, pageBytes: 64, createdBy: "test")] {
            let path = Self.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try writer.write(columns, to: path)
            let reader = try ParquetReader(path: path)
            #expect(reader.rowCount == rows)
            for (index, column) in columns.enumerated() {
                let read = Column(name: column.name, values: try reader.values(ofColumn: index))
                if case .real(let written) = column.values, case .real(let back) = read.values {
                    #expect(written.map(\.bitPattern) == back.map(\.bitPattern))
                } else {
                    #expect(read == column, "\(column.name)")
                }
            }
            guard case .integer(let back) = try reader.values(ofColumn: 0) else { throw CancellationError() }
            #expect(back.isNarrow)
        }
    }

    /// Byte codes are written in as few bits as each page's largest code needs: flags in one,
    /// answers 0 to 9 in four. Every width, pages with and without missing cells and groups of
    /// eight that start anywhere come back cell for cell, and each group of eight codes takes
    /// `width` bytes where codes of 128 and up (eight bits) take eight.
    @Test(arguments: 1...7)
    func byteCodesArePackedInTheFewestBits(width: Int) throws {
        var random = SplitMix64(seed: UInt64(width))
        let rows = 2_000
        let full = (0..<rows).map { _ in Int32.random(in: 0...Int32(1 << width - 1), using: &random) }
        let gappy = full.map { Int.random(in: 0..<5, using: &random) == 0 ? Column.missingCode : $0 }
        func written(_ codes: [[Int32]]) throws -> (columns: [Column], size: Int) {
            let columns = codes.enumerated().map { Column(name: "c\($0.offset)", integers: $0.element) }
            let path = Self.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try ParquetWriter(rowGroupRows: 997, createdBy: "test").write(columns, to: path)
            let reader = try ParquetReader(path: path)
            let back = try columns.indices.map { Column(name: columns[$0].name, values: try reader.values(ofColumn: $0)) }
            let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            return (back, size)
        }
        let narrow = try written([full, gappy])
        #expect(narrow.columns.map(\.values) == [Column(name: "", integers: full), Column(name: "", integers: gappy)].map(\.values))
        // The same cells from 128 on (254 at most: 255 is the missing byte) need all eight bits;
        // each page is one row group of 997 rows.
        let wide = try written([full, gappy].map { $0.map { $0 == Column.missingCode ? $0 : min($0 + 128, 254) } })
        let groups = [full, gappy].reduce(0) { total, codes in
            total + stride(from: 0, to: rows, by: 997).reduce(0) { pages, start in
                pages + (codes[start..<min(rows, start + 997)].filter { $0 != Column.missingCode }.count + 7) / 8
            }
        }
        #expect(abs(wide.size - narrow.size - groups * (8 - width)) <= 16)
    }

    @Test func anEmptyTableHasItsColumnsAndNoRows() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writer.write(Self.columns.map { Column(name: $0.name, values: $0.filtered([Bool](repeating: false, count: 7)).values) }, to: path)
        let reader = try ParquetReader(path: path)
        #expect(reader.rowCount == 0)
        #expect(try (0..<4).allSatisfy { try Column(name: "", values: reader.values(ofColumn: $0)).count == 0 })
    }

    /// Every cut of the file, and every byte of it changed, is refused with a reason or read;
    /// none reads out of bounds.
    @Test func aDamagedFileIsRefusedNotReadOutOfBounds() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writer.write(Self.columns, to: path)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        for cut in [0, 3, 4, 11, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
            #expect(throws: ParquetDamage.self) { try ParquetReader(path: path) }
        }
        for offset in stride(from: 0, to: bytes.count, by: 3) {
            var damaged = bytes
            damaged[offset] ^= 0x5A
            try damaged.write(to: URL(fileURLWithPath: path))
            do {
                let reader = try ParquetReader(path: path)
                for index in reader.columns.indices { _ = try reader.values(ofColumn: index) }
            } catch is ParquetDamage {}
        }
    }
}
