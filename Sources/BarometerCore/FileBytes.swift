#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole files and streams of file blocks as bytes, read with plain POSIX calls.
///
/// Foundation's `contents(atPath:)` returns `Data`, and making an array of it copies the file
/// again: at a million respondents that is 120 MB of peak memory for nothing.
package enum FileBytes {
    /// The bytes of `path`; nil when it cannot be opened or read.
    package static func read(path: String) -> [UInt8]? {
        guard let (descriptor, size) = openRegularFile(path) else { return nil }
        defer { close(descriptor) }
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            let got = readPieces(descriptor, into: UnsafeMutableRawBufferPointer(buffer))
            failed = got < 0
            count = max(got, 0)
        }
        // A file that grew since fstat: read the rest.
        while !failed, bytes.count >= size {
            var block = [UInt8](repeating: 0, count: 1 << 16)
            let got = block.withUnsafeMutableBytes { readFully(descriptor, into: $0, at: bytes.count) }
            if got <= 0 {
                failed = got < 0
                break
            }
            bytes += block[..<got]
        }
        return failed ? nil : bytes
    }

    /// Calls `body` with each block of up to `blockSize` bytes of `path`, in order; false when
    /// the file cannot be opened or read.
    package static func forEachBlock(
        path: String, blockSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows -> Bool {
        guard let (descriptor, _) = openRegularFile(path) else { return false }
        defer { close(descriptor) }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { block.deallocate() }
        var offset = 0
        while true {
            let got = readFully(descriptor, into: block, at: offset)
            guard got >= 0 else { return false }
            if got == 0 { return true }
            offset += got
            try body(UnsafeRawBufferPointer(rebasing: block[..<got]))
        }
    }

    /// `path` opened for reading, with its size; nil when it is not a regular file that can be
    /// opened. The caller closes the descriptor.
    package static func openRegularFile(_ path: String) -> (descriptor: Int32, size: Int)? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        return (descriptor, Int(status.st_size))
    }

    /// Files at least this large are read in pieces on several cores: copying from the page
    /// cache into fresh memory costs page faults that one core would take alone.
    static let bytesPerPiece = 16 << 20

    /// Reads the file's first `buffer.count` bytes into `buffer`, in pieces read concurrently;
    /// the byte count (short if the file ended first), or -1 on an error.
    private static func readPieces(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let pieces = min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), max(1, buffer.count / bytesPerPiece))
        guard pieces > 1 else { return readFully(descriptor, into: buffer, at: 0) }
        let target = SharedBuffer(buffer: buffer)
        let size = buffer.count
        let counts = (try? Parallel.map(pieces) { piece -> (got: Int, expected: Int) in
            let range = size * piece / pieces..<size * (piece + 1) / pieces
            let got = readFully(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: target.buffer[range]), at: range.lowerBound)
            return (got, range.count)
        }) ?? []
        var total = 0
        for (got, expected) in counts {
            if got < 0 { return -1 }
            total += got
            // A piece cut short: the file shrank, and only the bytes before the gap count.
            if got < expected { return total }
        }
        return total
    }

    /// A buffer whose separate pieces are written by separate threads.
    private struct SharedBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableRawBufferPointer
    }

    /// Reads from `offset` until `buffer` is full or the file ends; the byte count, or -1 on
    /// an error.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var total = 0
        while total < buffer.count {
            let got = posixRead(descriptor, buffer.baseAddress! + total, buffer.count - total, offset + total)
            if got < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if got == 0 { break }
            total += got
        }
        return total
    }
}

/// The C library's `pread`, which `FileBytes.read(path:)` hides inside the enum.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
    pread(descriptor, buffer, count, off_t(offset))
}
