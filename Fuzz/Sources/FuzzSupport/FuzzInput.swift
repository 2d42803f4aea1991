import Foundation

/// One fuzzer input, split into the files a reader needs and written to a scratch folder, since
/// the readers take paths as the pipeline gives them.
public struct FuzzInput {
    /// Parts of the input are separated by this line, so one corpus entry can hold a bundle.
    public static let separator = Array("\n--8<--\n".utf8)

    public let parts: [[UInt8]]

    public init(_ start: UnsafeRawPointer, _ count: Int) {
        let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
        var parts: [[UInt8]] = []
        var from = 0
        var index = 0
        while index + Self.separator.count <= bytes.count {
            if bytes[index..<(index + Self.separator.count)].elementsEqual(Self.separator) {
                parts.append(Array(bytes[from..<index]))
                index += Self.separator.count
                from = index
            } else {
                index += 1
            }
        }
        parts.append(Array(bytes[from...]))
        self.parts = parts
    }

    /// Part `index`, or empty when the input has fewer parts.
    public func part(_ index: Int) -> [UInt8] { index < parts.count ? parts[index] : [] }

    /// A scratch folder (in memory where the system has /dev/shm) for this process.
    public static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(base)/barometer-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` as `name` in the scratch folder and returns its path.
    @discardableResult
    public static func write(_ bytes: [UInt8], as name: String) -> String {
        let path = "\(folder)/\(name)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}
