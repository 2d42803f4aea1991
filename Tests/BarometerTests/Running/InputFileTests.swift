import BarometerCore
import Foundation
import Testing

@testable import Barometer

/// When an input's recorded hash is reused instead of reading the file again.
@Suite struct InputFileTests {
    /// A file holding `text`, in a fresh temporary folder.
    private static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-input-\(UUID()).csv").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// What an earlier run recorded for `file`, with its hash replaced by `sha256` (so that a
    /// reuse shows) and taken `delay` after the file's last change.
    private static func recorded(_ file: InputFile, sha256: String, delay: Int64) -> InputFile {
        var recorded = file
        recorded.sha256 = sha256
        recorded.hashedAt = file.stamp.map { $0.changed + delay }
        return recorded
    }

    @Test func aFileHashedWellAfterItsLastChangeAndUnchangedSinceIsNotReadAgain() throws {
        let path = try Self.file("id;q1\n1;2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try InputFile(role: "data", path: path)
        #expect(first.sha256 == SHA256.hex(of: Array("id;q1\n1;2\n".utf8)))
        #expect(first.stamp == FileStamp(path: path))
        let known = Self.recorded(first, sha256: "recorded", delay: 3_000_000_000)
        #expect(try InputFile(role: "data", path: path, known: [known]).sha256 == "recorded")
    }

    @Test func aFileWhoseStampChangedIsHashedAgain() throws {
        let path = try Self.file("id;q1\n1;2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let known = Self.recorded(try InputFile(role: "data", path: path), sha256: "recorded", delay: 3_000_000_000)
        try "id;q1\n1;3\n".write(toFile: path, atomically: false, encoding: .utf8)
        let again = try InputFile(role: "data", path: path, known: [known])
        #expect(again.sha256 == SHA256.hex(of: Array("id;q1\n1;3\n".utf8)))
    }

    /// A hash taken within the settling time of the file's last change may have missed a
    /// second write in the same clock tick: it is not trusted.
    @Test func aHashTakenTooSoonAfterTheFileChangedIsNotTrusted() throws {
        let path = try Self.file("id;q1\n1;2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let known = Self.recorded(try InputFile(role: "data", path: path), sha256: "recorded", delay: 1_000_000)
        #expect(try InputFile(role: "data", path: path, known: [known]).sha256 == SHA256.hex(of: Array("id;q1\n1;2\n".utf8)))
    }

    @Test func anotherPathsRecordIsNotUsed() throws {
        let path = try Self.file("id;q1\n1;2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var known = Self.recorded(try InputFile(role: "data", path: path), sha256: "recorded", delay: 3_000_000_000)
        known.path = path + ".other"
        #expect(try InputFile(role: "data", path: path, known: [known]).sha256 != "recorded")
    }

    @Test func aFileHashedOnItsOwnThreadIsTheSameAsHashedInPlace() throws {
        let path = try Self.file("id;q1\n1;2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pending = PendingInputFiles { [try InputFile(role: "data", path: path)] }
        let inPlace = try InputFile(role: "data", path: path)
        let files = try pending.files()
        #expect(files.map(\.sha256) == [inPlace.sha256] && files.map(\.bytes) == [inPlace.bytes])
        #expect(files.map(\.stamp) == [inPlace.stamp] && files.map(\.path) == [path])
        // Asked again: the same files, not hashed again.
        #expect(try pending.files() == files)
    }

    @Test func aHashingThatFailsThrowsWhenTheFilesAreAskedFor() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-missing-\(UUID()).csv").path
        let pending = PendingInputFiles { [try InputFile(role: "data", path: missing)] }
        #expect { try pending.files() } throws: { ($0 as? BarometerError)?.kind == .missingInput }
    }

    @Test func anUnreadableInputIsFoundBeforeItIsHashed() throws {
        let folder = FileManager.default.temporaryDirectory.path
        #expect { try InputFile.requireReadable(role: "data", path: folder) } throws: {
            ($0 as? BarometerError)?.kind == .missingInput && "\($0)".contains("data file not found or not readable")
        }
        let path = try Self.file("id\n1\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try InputFile.requireReadable(role: "data", path: path)
    }
}
