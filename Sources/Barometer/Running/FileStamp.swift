import Foundation

/// What `stat` says of a file, enough to tell without reading it that it has not changed since
/// it was hashed: as git's index and rsync's quick check do, with the change time too, which no
/// one can set back.
public struct FileStamp: Sendable, Equatable, Codable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Last content change, in nanoseconds since 1970.
    public var modified: Int64
    /// Last change of content or metadata (ctime), in nanoseconds since 1970.
    public var changed: Int64

    /// How much later than a file's last change its hash must have been taken to be trusted
    /// later: file systems with coarse clocks can give two writes the same times.
    static let settleNanoseconds: Int64 = 2_000_000_000

    /// The stamp of the file at `path`; nil when it cannot be read.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
    }

    /// The wall clock now, in nanoseconds since 1970.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
