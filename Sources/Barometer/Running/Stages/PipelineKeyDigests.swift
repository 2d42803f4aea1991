import BarometerCore
import Foundation
import Yams

/// The SHA-256 of the parts of a pipeline file, canonicalised so that whitespace, comments,
/// quoting style and the order of keys in a mapping do not count as changes.
///
/// A top-level key whose value is a mapping is digested per sub-key (`weighting.frame`), so a
/// stale stage can be traced to the setting that changed; anything else as a whole (`flags`).
public struct PipelineKeyDigests: Sendable {
    private var digests: [String: String] = [:]
    private var topLevelKeys: Set<String> = []

    /// Parses `bytes` (the pipeline file, already loaded and checked by `PipelineLoader`).
    public init(bytes: [UInt8], path: String) throws {
        guard let node = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)), let mapping = node.mapping else {
            throw BarometerError(.usage, "pipeline file is not a YAML mapping", at: SourceLocation(file: path))
        }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            topLevelKeys.insert(name)
            if let sub = value.mapping {
                for (subKey, subValue) in sub {
                    digests["\(name).\(subKey.string ?? Self.canonical(subKey))"] = SHA256.hex(of: Array(Self.canonical(subValue).utf8))
                }
            } else {
                digests[name] = SHA256.hex(of: Array(Self.canonical(value).utf8))
            }
        }
    }

    /// The digests of `keys` and their sub-keys; a key the file does not have counts as
    /// `absent`, so adding it later is a change.
    public func entries(for keys: [String]) -> [StageFingerprint.Entry] {
        keys.flatMap { key -> [StageFingerprint.Entry] in
            guard topLevelKeys.contains(key) else { return [.init(name: key, sha256: "absent")] }
            return digests.filter { $0.key == key || $0.key.hasPrefix(key + ".") }.map { .init(name: $0.key, sha256: $0.value) }
        }
    }

    /// A compact, order-independent text of a node: mappings with sorted keys, scalars quoted.
    static func canonical(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            return quoted(scalar.string)
        case .sequence(let sequence):
            return "[" + sequence.map(canonical).joined(separator: ",") + "]"
        case .mapping(let mapping):
            return "{" + mapping.map { "\(canonical($0.key)):\(canonical($0.value))" }.sorted().joined(separator: ",") + "}"
        case .alias:
            return "*"
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
