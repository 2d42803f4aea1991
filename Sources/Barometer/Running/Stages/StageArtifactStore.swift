import BarometerCore
import Foundation

/// The stage artifacts of one pipeline, under `<output>/stages/`.
///
/// Each artifact is a folder `.<stage>-<run>/` holding its data and, written last, its
/// `artifact.json`; `<stage>` is a symbolic link to it, replaced with one atomic rename. A reader
/// (or the next run) sees the previous artifact or the new one, never a half-written one, and a
/// run killed while writing leaves only a hidden folder that the next run removes.
public struct StageArtifactStore: Sendable {
    public static let sidecarName = "artifact.json"
    /// `<output>/stages`.
    public let directory: String

    public init(outputDirectory: String) {
        directory = outputDirectory + "/stages"
    }

    /// The published folder of `stage` (through its link).
    public func path(of stage: StageName) -> String { "\(directory)/\(stage.rawValue)" }

    /// The sidecar of `stage`'s artifact; nil when there is none or it cannot be read (then
    /// the stage counts as never run).
    public func manifest(of stage: StageName) -> StageManifest? {
        guard let data = FileManager.default.contents(atPath: "\(path(of: stage))/\(Self.sidecarName)") else { return nil }
        return try? StageManifest.decoder().decode(StageManifest.self, from: data)
    }

    /// Writes a new artifact for `stage`: `writeData` fills the folder it is given, then the
    /// sidecar `manifest()` makes (after the data, so it can time it) goes in, and the folder
    /// replaces the published one atomically.
    func publish(
        _ stage: StageName, run: String, writeData: (String) throws -> Void, manifest makeManifest: () -> StageManifest
    ) throws {
        let name = stage.rawValue
        let folder = "\(directory)/.\(name)-\(run)"
        let link = "\(directory)/.\(name)-\(run).link"
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw BarometerError(
                .cannotWrite, "cannot create the stage folder (\(String(cString: strerror(errno))))", at: SourceLocation(file: folder))
        }
        let previous = try? manager.destinationOfSymbolicLink(atPath: path(of: stage))
        do {
            try writeData(folder)
            let manifest = makeManifest()
            let json = try StageManifest.encoder().encode(manifest)
            guard manager.createFile(atPath: "\(folder)/\(Self.sidecarName)", contents: json) else {
                throw BarometerError(
                    .cannotWrite, "cannot write the stage sidecar (\(String(cString: strerror(errno))))", at: SourceLocation(file: folder))
            }
            for file in manifest.files + [Self.sidecarName] { try Self.sync("\(folder)/\(file)") }
            try Self.sync(folder)
            guard symlink(".\(name)-\(run)", link) == 0, rename(link, path(of: stage)) == 0 else {
                throw BarometerError(
                    .cannotWrite, "cannot publish the stage artifact (\(String(cString: strerror(errno))))",
                    at: SourceLocation(file: path(of: stage)))
            }
            try Self.sync(directory)
        } catch {
            try? manager.removeItem(atPath: link)
            try? manager.removeItem(atPath: folder)
            throw error
        }
        if let previous, previous != ".\(name)-\(run)" { try? manager.removeItem(atPath: "\(directory)/\(previous)") }
    }

    /// Removes folders and links that killed runs left behind. Call it holding the pipeline's lock.
    public func removeLeftovers() {
        let manager = FileManager.default
        let live = Set(StageName.allCases.compactMap { try? manager.destinationOfSymbolicLink(atPath: path(of: $0)) })
        for entry in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where entry.hasPrefix(".") && !live.contains(entry) {
            try? manager.removeItem(atPath: "\(directory)/\(entry)")
        }
    }

    /// fsync, so a published artifact survives a power cut as well as a killed process.
    private static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0, fsync(descriptor) == 0 || errno == EINVAL else {
            if descriptor >= 0 { close(descriptor) }
            throw BarometerError(.cannotWrite, "cannot flush (\(String(cString: strerror(errno))))", at: SourceLocation(file: path))
        }
        close(descriptor)
    }
}
