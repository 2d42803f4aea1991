import BarometerCore
import Foundation

/// An input file's identity for the manifest and stage fingerprints.
public struct InputFile: Sendable, Equatable, Codable {
    /// What the file is to the pipeline: `data`, `structure`, `labels`, `frame`, `pipeline`.
    public var role: String
    public var path: String
    public var bytes: Int
    public var sha256: String

    /// Hashes `path`; a missing or unreadable file is a `.missingInput` error.
    public init(role: String, path: String) throws {
        var hasher = SHA256()
        var count = 0
        let read = FileBytes.forEachBlock(path: path) { block in
            hasher.update(block)
            count += block.count
        }
        guard read else {
            throw BarometerError(.missingInput, "\(role) file not found or not readable", at: SourceLocation(file: path))
        }
        self.role = role
        self.path = path
        self.bytes = count
        self.sha256 = hasher.finalizeHex()
    }
}
