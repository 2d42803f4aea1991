import BarometerCore
import BarometerLoad
import Foundation
import Yams

/// Reads a pipeline file and reports every mistake in it at its line and column.
public struct PipelineLoader: Sendable {
    public init() {}

    /// A pipeline with its paths resolved against the pipeline file's folder.
    public struct Loaded: Sendable {
        public var pipeline: Pipeline
        /// The pipeline file as given.
        public var path: String
        /// The folder relative paths in the file are resolved against.
        public var baseDirectory: String
        /// The file's bytes, for fingerprints.
        public var bytes: [UInt8]

        /// `relative` resolved against the pipeline file's folder (absolute paths unchanged).
        public func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : Self.normalized((baseDirectory as NSString).appendingPathComponent(relative))
        }

        /// `a/b/../c` as `a/c`, lexically, so messages and summaries show short paths.
        static func normalized(_ path: String) -> String {
            var parts: [Substring] = []
            for part in path.split(separator: "/", omittingEmptySubsequences: true) {
                if part == "." { continue }
                if part == "..", let last = parts.last, last != ".." {
                    parts.removeLast()
                } else {
                    parts.append(part)
                }
            }
            let joined = parts.joined(separator: "/")
            return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
        }

        /// The pipeline's output folder: as configured, or `Output/<name>` beside `Pipelines/`.
        public var outputDirectory: String {
            resolve(pipeline.output.directory ?? "../Output/\(pipeline.name)")
        }

        /// The results database, an SQLite file or a `postgres://` URL: `BAROMETER_DATABASE_URL`
        /// from the environment (which may carry the password), else `output.database`, else
        /// `barometer.sqlite` beside the output folder; nil when `output.database` is `none`.
        public var database: String? {
            if let url = ProcessInfo.processInfo.environment["BAROMETER_DATABASE_URL"], !url.isEmpty { return url }
            switch pipeline.output.database {
            case "none": return nil
            case let target? where PostgresResultsDatabase.isURL(target): return target
            case let path?: return resolve(path)
            case nil: return (outputDirectory as NSString).deletingLastPathComponent + "/barometer.sqlite"
            }
        }
    }

    public func load(path: String) throws -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BarometerError(.missingInput, "pipeline file not found or not readable", at: SourceLocation(file: path))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BarometerError(.usage, "pipeline file is not UTF-8 text", at: SourceLocation(file: path))
        }
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw BarometerError(.usage, "pipeline file is empty", at: SourceLocation(file: path))
            }
            node = composed
        } catch let error as YamlError {
            throw Self.error(from: error, file: path)
        }
        try Self.checkExpandedSize(of: node, file: path)
        var pipeline: Pipeline
        do {
            pipeline = try YAMLDecoder().decode(Pipeline.self, from: node)
        } catch let error as DecodingError {
            throw Self.error(from: error, node: node, file: path)
        }
        if pipeline.name.isEmpty {
            pipeline.name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        }
        if pipeline.series.isEmpty { pipeline.series = pipeline.name }
        let base = ((path as NSString).deletingLastPathComponent as NSString).standardizingPath
        let loaded = Loaded(pipeline: pipeline, path: path, baseDirectory: base.isEmpty ? "." : base, bytes: [UInt8](data))
        try Self.checkOutputStaysInProject(loaded, node: node)
        return loaded
    }

    /// The most nodes a pipeline may have once its aliases are expanded: real pipelines have a
    /// few hundred, and "billion laughs" anchors would otherwise exhaust memory in the decoder.
    static let maximumNodes = 100_000

    private static func checkExpandedSize(of node: Node, file: String) throws {
        var count = 0
        var pending = [node]
        while let next = pending.popLast() {
            count += 1
            if count > maximumNodes {
                throw BarometerError(
                    .usage, "the pipeline expands to more than \(maximumNodes) YAML nodes (aliases of aliases?)",
                    at: SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column))
            }
            if let mapping = next.mapping {
                for (key, value) in mapping { pending.append(contentsOf: [key, value]) }
            } else if let sequence = next.sequence {
                pending.append(contentsOf: sequence)
            }
        }
    }

    /// A relative output folder must stay inside the project (the folder above the pipeline's
    /// own), so a pipeline file cannot write over files elsewhere; an absolute path is an
    /// explicit choice and is kept.
    private static func checkOutputStaysInProject(_ loaded: Loaded, node: Node) throws {
        guard let directory = loaded.pipeline.output.directory, !directory.hasPrefix("/") else { return }
        let absolute = { (path: String) in
            Loaded.normalized(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
        }
        let project = absolute(loaded.resolve(".."))
        let resolved = absolute(loaded.resolve(directory))
        guard resolved == project || resolved.hasPrefix(project == "/" ? "/" : project + "/") else {
            let value = node.mapping?["output"]?.mapping?["directory"]
            throw BarometerError(
                .usage, "output.directory '\(directory)' leaves the project folder \(project); give a folder inside it or an absolute path",
                at: SourceLocation(file: loaded.path, line: value?.mark?.line, column: value?.mark?.column))
        }
    }

    private static func error(from error: YamlError, file: String) -> BarometerError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return BarometerError(.usage, "not valid YAML: \(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        default:
            return BarometerError(.usage, "not valid YAML: \(error)", at: SourceLocation(file: file))
        }
    }

    /// Finds the YAML node the decoding error is about, to point at its line and column.
    private static func error(from error: DecodingError, node: Node, file: String) -> BarometerError {
        let (path, message): ([CodingKey], String) =
            switch error {
            case .keyNotFound(let key, let context): (context.codingPath, "missing key '\(key.stringValue)'")
            case .typeMismatch(let type, let context):
                (context.codingPath, "expected \(Self.describe(type)) \(context.debugDescription.isEmpty ? "" : "(\(context.debugDescription))")")
            case .valueNotFound(let type, let context): (context.codingPath, "expected \(Self.describe(type)), found nothing")
            case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
            @unknown default: ([], "\(error)")
            }
        var current = node
        var names: [String] = []
        let pointsAtKey = message.hasPrefix("unknown key")
        for (position, key) in path.enumerated() {
            if let index = key.intValue, let sequence = current.sequence, index < sequence.count {
                current = sequence[index]
                names.append("[\(index)]")
            } else if let mapping = current.mapping {
                // An unknown key is shown where the key is written, anything else at its value.
                let isLast = position == path.count - 1
                if isLast && pointsAtKey, let keyNode = mapping.keys.first(where: { $0.string == key.stringValue }) {
                    current = keyNode
                } else if let value = mapping[key.stringValue] {
                    current = value
                }
                names.append(key.stringValue)
            }
        }
        let where_ = names.isEmpty ? "" : "\(names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")): "
        return BarometerError(
            .usage, where_ + message,
            at: SourceLocation(file: file, line: current.mark?.line, column: current.mark?.column))
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int32.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
