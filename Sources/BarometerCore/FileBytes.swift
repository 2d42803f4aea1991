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
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            let got = readFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer))
            failed = got < 0
            count = max(got, 0)
        }
        // A file that grew since fstat: read the rest.
        while !failed, bytes.count >= size {
            var block = [UInt8](repeating: 0, count: 1 << 16)
            let got = block.withUnsafeMutableBytes { readFully(descriptor, into: $0) }
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
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { block.deallocate() }
        while true {
            let got = readFully(descriptor, into: block)
            guard got >= 0 else { return false }
            if got == 0 { return true }
            try body(UnsafeRawBufferPointer(rebasing: block[..<got]))
        }
    }

    /// Reads until `buffer` is full or the file ends; the byte count, or -1 on an error.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var total = 0
        while total < buffer.count {
            let got = posixRead(descriptor, buffer.baseAddress! + total, buffer.count - total)
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

/// The C library's `read`, which `FileBytes.read(path:)` hides inside the enum.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
