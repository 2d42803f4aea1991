import BarometerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and existence checks for the readers that need a file's bytes at once
/// (Triple-S metadata and data files).
enum FileBytes {
    /// The bytes of `path`; `.missingInput` when it is missing or unreadable.
    static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw BarometerError(.missingInput, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { result.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(file) != 0 {
                    throw BarometerError(.missingInput, "cannot read \(path): \(String(cString: strerror(errno)))")
                }
                return result
            }
        }
    }

    /// Whether `path` names an existing regular file.
    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
