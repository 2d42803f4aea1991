import BarometerCore
import Foundation

/// The few file-system steps publishing needs, each failing with `.cannotWrite` and the path.
enum OutputFiles {
    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw BarometerError(.cannotWrite, "cannot create output folder (\(reason(of: error)))", at: SourceLocation(file: path))
        }
    }

    /// Writes and fsyncs, so a crash after publishing cannot leave an empty file behind.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create file", path) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, bytes.count - offset)
            }
            guard written > 0 else { throw failure("cannot write file", path) }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw failure("cannot flush file", path) }
    }

    static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw failure("cannot open folder", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot flush folder", path) }
    }

    static func rename(_ source: String, to destination: String) throws {
        guard Foundation.rename(source, destination) == 0 else { throw failure("cannot publish", destination) }
    }

    static func symlink(_ path: String, to target: String) throws {
        guard Foundation.symlink(target, path) == 0 else { throw failure("cannot create link", path) }
    }

    /// Makes `path` a link to `target` unless it already is one.
    static func ensureLink(_ path: String, to target: String) throws {
        if let existing = try? FileManager.default.destinationOfSymbolicLink(atPath: path), existing == target { return }
        try? FileManager.default.removeItem(atPath: path)
        try symlink(path, to: target)
    }

    private static func failure(_ what: String, _ path: String) -> BarometerError {
        BarometerError(.cannotWrite, "\(what) (\(String(cString: strerror(errno))))", at: SourceLocation(file: path))
    }

    private static func reason(of error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
