import BarometerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes bytes to a file through a fixed 256 KiB buffer, so memory stays flat however many
/// rows go through it.
///
/// Appending never throws, to keep the per-cell path short: a failed write is remembered,
/// later bytes are dropped, and the failure surfaces as `BarometerError(.cannotWrite)` from the
/// next `checkForError()` or from `close()`. Call `close()` before the writer goes away; the
/// deinit only releases the descriptor.
struct BufferedFileWriter: ~Copyable {
    static let capacity = 1 << 18

    let path: String
    private let descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var failure: BarometerError?
    private var isClosed = false

    /// Creates or truncates the file at `path`.
    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw BarometerError(
                .cannotWrite, "cannot create the file: \(Self.describe(errno))",
                at: SourceLocation(file: path))
        }
        self.path = path
        self.descriptor = descriptor
        self.buffer = .allocate(capacity: Self.capacity)
    }

    deinit {
        if !isClosed { _ = closeDescriptor(descriptor) }
        buffer.deallocate()
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == Self.capacity { flush() }
        buffer[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        // A block larger than the buffer goes out as it is, without a copy through it.
        if bytes.count >= Self.capacity {
            flush()
            write(bytes)
            return
        }
        var rest = bytes[...]
        while !rest.isEmpty {
            if count == Self.capacity { flush() }
            let take = min(rest.count, Self.capacity - count)
            UnsafeMutableRawBufferPointer(start: buffer + count, count: take)
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
            count += take
            rest = rest.dropFirst(take)
        }
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Lets `body` write at most `maximum` bytes in place and return how many it wrote:
    /// straight into the buffer when they fit (the fast path for rows of short cells).
    mutating func append(upTo maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        guard maximum <= Self.capacity else {
            let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: maximum)
            defer { scratch.deallocate() }
            return append(UnsafeRawBufferPointer(start: scratch, count: body(scratch)))
        }
        if count + maximum > Self.capacity { flush() }
        count += body(buffer + count)
    }

    /// Appends the UTF-8 bytes of `text`.
    mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `value` in decimal without going through `String`.
    @inline(__always)
    mutating func append(decimal value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            append(decimal: UInt(value.magnitude))
        } else {
            append(decimal: UInt(value))
        }
    }

    @inline(__always)
    mutating func append(decimal value: UInt) {
        if value < 10 {
            append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var length = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            while rest > 0 {
                scratch[23 - length] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                length += 1
            }
            append(UnsafeRawBufferPointer(rebasing: scratch[(24 - length)...]))
        }
    }

    /// Throws the remembered write failure, if any.
    func checkForError() throws {
        if let failure { throw failure }
    }

    /// Writes out what is buffered and closes the file; throws if any write failed.
    mutating func close() throws {
        guard !isClosed else { return }
        flush()
        isClosed = true
        if closeDescriptor(descriptor) != 0, failure == nil {
            failure = BarometerError(
                .cannotWrite, "cannot finish writing: \(Self.describe(errno))",
                at: SourceLocation(file: path))
        }
        try checkForError()
    }

    private mutating func flush() {
        write(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    /// Writes `bytes` to the file, unless an earlier write failed.
    private mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = writeDescriptor(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = BarometerError(
                    .cannotWrite, "cannot write: \(Self.describe(errno))",
                    at: SourceLocation(file: path))
                return
            }
            offset += written
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// `write(2)`, named apart from `BufferedFileWriter`'s own `write`, which would otherwise
/// shadow it.
@inline(__always)
private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
        Musl.write(descriptor, bytes, count)
    #else
        Darwin.write(descriptor, bytes, count)
    #endif
}

/// `close(2)`, named apart from `BufferedFileWriter.close()`, which would otherwise shadow it.
@inline(__always)
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #elseif canImport(Musl)
        Musl.close(descriptor)
    #else
        Darwin.close(descriptor)
    #endif
}
