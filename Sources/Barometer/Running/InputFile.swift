import BarometerCore
import Foundation

/// An input file's identity for the manifest and stage fingerprints.
public struct InputFile: Sendable, Equatable, Codable {
    /// What the file is to the pipeline: `data`, `structure`, `labels`, `frame`, `pipeline`.
    public var role: String
    public var path: String
    public var bytes: Int
    public var sha256: String
    /// The file as it stood when hashed, and when the hash began (nanoseconds since 1970).
    public var stamp: FileStamp?
    public var hashedAt: Int64?

    /// Hashes `path`, unless `known` has its hash from a read that began well after the file's
    /// last change and the file's stamp is the same now: then that hash is taken as is. A
    /// missing or unreadable file is a `.missingInput` error.
    public init(role: String, path: String, known: [InputFile] = []) throws {
        self.role = role
        self.path = path
        let stamp = FileStamp(path: path)
        if let stamp, let previous = known.first(where: { $0.path == path && $0.stamp == stamp }),
            let hashedAt = previous.hashedAt, stamp.changed + FileStamp.settleNanoseconds < hashedAt
        {
            (bytes, sha256, self.stamp, self.hashedAt) = (previous.bytes, previous.sha256, stamp, hashedAt)
            return
        }
        let started = FileStamp.now()
        var hasher = SHA256()
        var count = 0
        let read = FileBytes.forEachBlock(path: path) { block in
            hasher.update(block)
            count += block.count
        }
        guard read else { throw Self.unreadable(role: role, path: path) }
        bytes = count
        sha256 = hasher.finalizeHex()
        // A file that changed while it was read keeps no stamp: the next run hashes it again.
        self.stamp = stamp.flatMap { FileStamp(path: path) == $0 ? $0 : nil }
        hashedAt = started
    }

    /// Throws `.missingInput` unless `path` is a file this process can read: a missing input
    /// fails before any work.
    static func requireReadable(role: String, path: String) throws {
        guard let (descriptor, _) = FileBytes.openRegularFile(path) else { throw unreadable(role: role, path: path) }
        close(descriptor)
    }

    private static func unreadable(role: String, path: String) -> BarometerError {
        BarometerError(.missingInput, "\(role) file not found or not readable", at: SourceLocation(file: path))
    }
}
