import Foundation
import Testing

@testable import BarometerCore

/// A mapped file's pages handed back come back, unchanged, when read again.
@Suite struct MappedFileTests {
    @Test func pagesHandedBackReadTheSameAgain() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-map-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let file = try #require(MappedFile(path: path))
        #expect(Array(file.bytes) == bytes)
        file.release(0..<30_000)
        file.release(30_000..<50_000)
        #expect(Array(file.bytes) == bytes)
    }

    @Test func anEmptyFileHasNoBytesAndAMissingOneNoMapping() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-map-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let file = try #require(MappedFile(path: path))
        #expect(file.bytes.isEmpty)
        file.release(0..<10)
        #expect(MappedFile(path: path + ".missing") == nil)
        #expect(MappedFile(path: FileManager.default.temporaryDirectory.path) == nil)
    }
}
