import BarometerCore
import Foundation

/// A set of output files that is published as a whole or not at all.
///
/// A run writes its files into `runs/.staging-<run>/` beside the published runs, flushes them,
/// renames the folder to `runs/<run>/` and only then swaps the `latest` link to it, with one
/// atomic rename. Readers that open `latest/estimates.csv` (or `estimates.csv` in the pipeline
/// folder, a stable link through `latest`) see either the previous run or this one, never a mix,
/// and a run that fails or is killed anywhere before the swap leaves the previous run published.
public struct OutputSet: Sendable {
    /// The pipeline's output folder, e.g. `Output/frivillige-2019`.
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

    /// Publishes the files as run `run` and keeps the newest `keep` runs.
    ///
    /// - Returns: the folder the run was published to.
    @discardableResult
    public func publish(run: String, keep: Int = 5) throws -> String {
        let runs = directory + "/runs"
        let staging = "\(runs)/.staging-\(run)"
        let final = "\(runs)/\(run)"
        try OutputFiles.createDirectory(runs)
        do {
            try OutputFiles.createDirectory(staging)
            for file in files { try OutputFiles.write(file.bytes, to: "\(staging)/\(file.name)") }
            try OutputFiles.syncDirectory(staging)
            try OutputFiles.rename(staging, to: final)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        let link = "\(directory)/.latest-\(run)"
        try? FileManager.default.removeItem(atPath: link)
        try OutputFiles.symlink(link, to: "runs/\(run)")
        try OutputFiles.rename(link, to: "\(directory)/latest")
        try OutputFiles.syncDirectory(directory)
        for file in files { try OutputFiles.ensureLink("\(directory)/\(file.name)", to: "latest/\(file.name)") }
        // A file an earlier run had and this one has not would leave a dangling link.
        let names = Set(fileNames)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where !names.contains(name) {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(name)"),
                target.hasPrefix("latest/")
            {
                try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")
            }
        }
        OutputSet.prune(runs: runs, keep: max(1, keep), current: run)
        return final
    }

    /// Removes what killed runs left behind. Call it while holding the pipeline's lock.
    public static func removeStaleStaging(in directory: String) {
        let runs = directory + "/runs"
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: runs)) ?? [] where name.hasPrefix(".staging-") {
            try? manager.removeItem(atPath: "\(runs)/\(name)")
        }
        for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(".latest-") {
            try? manager.removeItem(atPath: "\(directory)/\(name)")
        }
    }

    /// The published runs, oldest first (run ids sort by time).
    public static func publishedRuns(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/runs")) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    private static func prune(runs: String, keep: Int, current: String) {
        let all = publishedRuns(in: (runs as NSString).deletingLastPathComponent)
        for run in all.dropLast(keep) where run != current {
            try? FileManager.default.removeItem(atPath: "\(runs)/\(run)")
        }
    }
}
