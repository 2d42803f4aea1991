import Foundation
import Testing

@testable import BarometerCore

/// Whole files come back byte for byte, whether read in one piece or in pieces on several cores.
@Suite struct FileBytesTests {
    private static func withFile(of bytes: [UInt8], _ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-bytes-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        try body(path)
    }

    @Test(arguments: [0, 1, 100_000, 2 * FileBytes.bytesPerPiece + 12_345])
    func aFileIsReadWhole(size: Int) throws {
        // A pattern that does not repeat at the pieces' lengths, so a misplaced piece shows.
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        try Self.withFile(of: bytes) { path in
            #expect(FileBytes.read(path: path) == bytes)
            var blocks: [UInt8] = []
            #expect(FileBytes.forEachBlock(path: path, blockSize: 1 << 16) { blocks += $0 })
            #expect(blocks == bytes)
        }
    }

    @Test func aMissingFileIsNil() {
        #expect(FileBytes.read(path: "/nonexistent/barometer-file") == nil)
        #expect(!FileBytes.forEachBlock(path: "/nonexistent/barometer-file") { _ in })
    }
}
