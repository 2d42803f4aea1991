import BarometerCore
import Foundation

/// One run per pipeline at a time: an advisory `flock` on `<output>/.lock`.
///
/// The kernel releases the lock when the process ends, however it ends (kill -9 included), so
/// a crashed run never blocks the next night's. Hold the value for the whole run; the lock goes
/// with `release()` or when the process exits.
public final class PipelineLock: @unchecked Sendable {
    private var descriptor: Int32

    /// Takes the lock, waiting up to `wait` seconds for a run that holds it.
    ///
    /// - Throws: `.locked` (exit code 75) when another run still holds it after `wait`.
    public init(directory: String, wait: Double = 0) throws {
        let path = directory + "/.lock"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BarometerError(.cannotWrite, "cannot create the output folder", at: SourceLocation(file: directory))
        }
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BarometerError(.cannotWrite, "cannot open lock file (\(String(cString: strerror(errno))))", at: SourceLocation(file: path))
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                throw BarometerError(
                    .locked, "another run of this pipeline holds the lock; try again later or pass --wait SECONDS",
                    at: SourceLocation(file: path))
            }
            usleep(100_000)
        }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
