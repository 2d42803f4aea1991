import BarometerCore
import Foundation

/// A set of output files that appear together or not at all.
///
/// Files are first written in full under temporary names in the target folder, then renamed
/// into place one by one. A failure while writing removes the temporary files and leaves the
/// previous outputs untouched; a reader never opens a half-written file, since rename is atomic.
public struct OutputSet: Sendable {
    public let directory: String
    private var files: [(name: String, bytes: [UInt8])] = []

    public init(directory: String) {
        self.directory = directory
    }

    public var fileNames: [String] { files.map(\.name) }

    public mutating func add(_ name: String, bytes: [UInt8]) {
        precondition(!name.contains("/") && !name.hasPrefix("."), "output names are plain file names")
        files.append((name, bytes))
    }

    public mutating func add(_ name: String, text: String) { add(name, bytes: Array(text.utf8)) }

    /// The SHA-256 of a file added to the set, for the manifest.
    public func sha256(of name: String) -> String {
        files.first { $0.name == name }.map { SHA256.hex(of: $0.bytes) } ?? ""
    }

    /// Writes every file under a temporary name, then renames them all into place.
    public func publish() throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BarometerError(.cannotWrite, "cannot create output folder: \(error.localizedDescription)", at: SourceLocation(file: directory))
        }
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64(Date().timeIntervalSince1970 * 1e6))"
        var staged: [(temporary: String, final: String)] = []
        do {
            for file in files {
                let temporary = "\(directory)/.\(file.name).\(token).tmp"
                staged.append((temporary, "\(directory)/\(file.name)"))
                try Self.write(file.bytes, to: temporary)
            }
        } catch {
            for path in staged { try? manager.removeItem(atPath: path.temporary) }
            throw error
        }
        for path in staged where rename(path.temporary, path.final) != 0 {
            let reason = String(cString: strerror(errno))
            for path in staged { try? manager.removeItem(atPath: path.temporary) }
            throw BarometerError(.cannotWrite, "cannot publish output: \(reason)", at: SourceLocation(file: path.final))
        }
    }

    /// Writes and fsyncs, so a crash after the rename cannot leave an empty file behind.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw BarometerError(.cannotWrite, "cannot create file: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, bytes.count - offset)
            }
            guard written > 0 else {
                throw BarometerError(.cannotWrite, "cannot write file: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            throw BarometerError(.cannotWrite, "cannot flush file: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
        }
    }
}
