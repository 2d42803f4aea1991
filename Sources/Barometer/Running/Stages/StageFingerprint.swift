import BarometerCore
import Foundation

/// What a stage's result depends on: the SHA-256 of each input, of each pipeline-file key it
/// reads, and the tool version.
///
/// A stage is up to date when the fingerprint recorded in its artifact equals the one computed
/// now. Entries are kept by name (not folded into one digest) so `status` can say which input
/// or which key changed.
public struct StageFingerprint: Sendable, Equatable, Codable {
    /// One named digest: an input file (`data SampleInput/x/dataset.csv`), an upstream
    /// artifact (`artifact extract`) or a pipeline key (`weighting.frame`).
    public struct Entry: Sendable, Equatable, Codable {
        public var name: String
        public var sha256: String
    }

    public var inputs: [Entry]
    public var pipeline: [Entry]
    public var version: String

    public init(inputs: [Entry], pipeline: [Entry], version: String = BarometerVersion.current) {
        self.inputs = inputs.sorted { $0.name < $1.name }
        self.pipeline = pipeline.sorted { $0.name < $1.name }
        self.version = version
    }

    /// One digest of everything, which is what a downstream stage records as its input.
    public var sha256: String {
        var hasher = SHA256()
        for entry in inputs + pipeline { hasher.update(Array("\(entry.name)\t\(entry.sha256)\n".utf8)) }
        hasher.update(Array("version\t\(version)\n".utf8))
        return hasher.finalizeHex()
    }

    /// Why `self` (recorded) differs from `current`, in words; empty when they are equal.
    public func changes(comparedWith current: StageFingerprint) -> [String] {
        var reasons: [String] = []
        func compare(_ old: [Entry], _ new: [Entry], _ what: String) {
            let before = Dictionary(old.map { ($0.name, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            let after = Dictionary(new.map { ($0.name, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            for name in Set(before.keys).union(after.keys).sorted() where before[name] != after[name] {
                let change = before[name] == nil ? "added" : after[name] == nil ? "removed" : "changed"
                reasons.append("\(what) \(name) \(change)")
            }
        }
        compare(inputs, current.inputs, "input")
        compare(pipeline, current.pipeline, "pipeline key")
        if version != current.version { reasons.append("tool version changed (\(version) → \(current.version))") }
        return reasons
    }
}
