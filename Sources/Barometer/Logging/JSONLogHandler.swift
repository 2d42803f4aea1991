import Foundation
import Logging

/// A swift-log handler writing one JSON object per line to stderr, for log collectors.
///
/// Each line has `time` (UTC, ISO 8601), `level`, `label`, `message` and the metadata as
/// string fields.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var fields: [(String, JSONText)] = [
            ("time", .init(formatter.string(from: Date()))), ("level", .init(event.level.rawValue)),
            ("label", .init(label)), ("message", .init(event.message.description)),
        ]
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { fields.append((key, .init("\(value)"))) }
        let line = "{" + fields.map { "\(JSONText($0.0).quoted):\($0.1.quoted)" }.joined(separator: ",") + "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// A string quoted for JSON.
    private struct JSONText {
        var text: String
        init(_ text: String) { self.text = text }
        var quoted: String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
    }
}
