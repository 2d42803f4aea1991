#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file mapped read-only into memory: its bytes without a copy, and a way to hand back the
/// pages a reader is done with while it reads the rest.
///
/// Pages handed back (`release(_:)`) leave the process's memory but not the file: reading them
/// again maps them again from the page cache. So a reader that goes through a large export
/// once holds a window of it, not all of it, yet may still look back (to quote a rejected
/// row).
///
/// The file must not be truncated while it is mapped: reading a page past its new end stops
/// the process (SIGBUS), as with every reader that maps files. Tools replace exports (a new
/// file renamed over the old one, which the mapping keeps whole) rather than rewrite them in
/// place.
package final class MappedFile: @unchecked Sendable {
    /// The file's bytes, valid while this object lives.
    package let bytes: UnsafeBufferPointer<UInt8>

    /// Maps `path`; nil when it is not a regular file that can be opened and mapped.
    package init?(path: String) {
        guard let (descriptor, size) = FileBytes.openRegularFile(path) else { return nil }
        defer { close(descriptor) }
        guard size > 0 else {
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else { return nil }
        bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// Hands back the pages `range` (byte offsets) starts on and covers, but not the page it
    /// ends inside, which the reader is still on: they leave the process's memory until they
    /// are read again. Handing back a page still in use costs only its being mapped again.
    package func release(_ range: Range<Int>) {
        guard let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let low = range.lowerBound / page * page
        let high = min(range.upperBound, bytes.count) / page * page
        guard low < high else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + low), high - low, Int32(MADV_DONTNEED))
    }
}
