import BarometerCore
import Foundation

/// A loaded pipeline seen as its four stages: their current fingerprints and whether each
/// artifact is up to date, and why not.
///
/// Input files are hashed once, so every fingerprint of the run sees the same bytes, and a
/// missing input fails when this is made, before any work (exit code 66). The export is hashed
/// beside the extraction (see `PendingInputFiles`); a file unchanged since an artifact recorded
/// its hash is not read again (see `InputFile`).
public struct PipelineStages: Sendable {
    public var loaded: PipelineLoader.Loaded
    public var store: StageArtifactStore
    var extract: ExtractStage
    var transform: TransformStage
    /// The export's files, hashed on a thread of their own.
    var exportFiles: PendingInputFiles
    /// The population frames, hashed.
    var frameFiles: [InputFile]
    private var keys: PipelineKeyDigests

    public init(_ loaded: PipelineLoader.Loaded) throws {
        self.loaded = loaded
        let pipeline = loaded.pipeline
        extract = ExtractStage(
            input: pipeline.input, path: loaded.resolve(pipeline.input.path), dataPath: pipeline.input.data.map(loaded.resolve))
        transform = TransformStage(pipeline: pipeline, resolve: { [loaded] in loaded.resolve($0) })
        store = StageArtifactStore(outputDirectory: loaded.outputDirectory)
        let known = [StageName.extract, .transform].flatMap { [store] in store.manifest(of: $0)?.facts.inputs ?? [] }
        let exportPaths = try extract.inputPaths()
        for (role, path) in exportPaths { try InputFile.requireReadable(role: role, path: path) }
        exportFiles = PendingInputFiles { try exportPaths.map { try InputFile(role: $0.role, path: $0.path, known: known) } }
        frameFiles = try transform.inputFiles(known: known)
        keys = try PipelineKeyDigests(bytes: loaded.bytes, path: loaded.path)
    }

    /// The fingerprint `stage` has now, reading the artifact of `upstream` as it stands.
    func fingerprint(of stage: StageName, upstream: StageManifest?) throws -> StageFingerprint {
        try fingerprint(of: stage, upstreamSHA256: upstream?.fingerprintSHA256)
    }

    /// The fingerprint of `stage` after an upstream artifact whose fingerprint digest is
    /// `upstreamSHA256` (nil: no artifact). Extract's waits for the export's hash.
    func fingerprint(of stage: StageName, upstreamSHA256: String?) throws -> StageFingerprint {
        let files: [InputFile] =
            switch stage {
            case .extract: try exportFiles.files()
            case .transform: frameFiles
            case .aggregate, .load: []
            }
        var inputs = files.map { StageFingerprint.Entry(name: "\($0.role) \($0.path)", sha256: $0.sha256) }
        // A missing upstream artifact leaves its entry out, which reads as "removed".
        if let previous = stage.upstream, let upstreamSHA256 {
            inputs.append(.init(name: "artifact \(previous.rawValue)", sha256: upstreamSHA256))
        }
        var pipelineKeys = keys.entries(for: stage.pipelineKeys)
        if stage == .load {
            // `run --lang` and BAROMETER_DATABASE_URL override the file: what load writes
            // depends on the language and database in effect. Only digests are kept, so a
            // password in the URL never reaches the artifact.
            let language = loaded.pipeline.output.language.rawValue
            pipelineKeys.append(.init(name: "report language", sha256: SHA256.hex(of: Array(language.utf8))))
            pipelineKeys.append(.init(name: "database", sha256: SHA256.hex(of: Array((loaded.database ?? "none").utf8))))
        }
        return StageFingerprint(inputs: inputs, pipeline: pipelineKeys)
    }

    /// One stage as `status` reports it.
    public struct State: Sendable {
        public var stage: StageName
        /// The artifact's sidecar, when the stage has run.
        public var manifest: StageManifest?
        /// Why the stage must run again; empty when it is up to date.
        public var reasons: [String]
        public var isUpToDate: Bool { reasons.isEmpty }
    }

    /// Every stage's state, in order. A stage is stale when its artifact is missing, its
    /// recorded fingerprint differs from the current one, or a stage before it is stale.
    public func states() throws -> [State] {
        var states: [State] = []
        for stage in StageName.allCases {
            let manifest = store.manifest(of: stage)
            var reasons: [String] = []
            if let previous = states.last, !previous.isUpToDate { reasons.append("\(previous.stage.rawValue) is stale") }
            if let manifest {
                let current = try fingerprint(of: stage, upstream: stage.upstream.flatMap { store.manifest(of: $0) })
                reasons += manifest.fingerprint.changes(comparedWith: current)
                if stage == .load, !isPublished(manifest) { reasons.append("the published outputs are not the run load wrote") }
            } else {
                reasons.append("never run")
            }
            states.append(State(stage: stage, manifest: manifest, reasons: reasons))
        }
        return states
    }

    /// Whether the run a load artifact names is still the published one.
    func isPublished(_ manifest: StageManifest) -> Bool {
        guard let run = manifest.publishedRun else { return false }
        let latest = try? FileManager.default.destinationOfSymbolicLink(atPath: loaded.outputDirectory + "/latest")
        return latest == "runs/\(run)"
    }
}
