import ArgumentParser
import Barometer

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each stage of a pipeline: up to date or stale and why, when it last ran, rows in and out.",
        discussion: "Hashes the inputs and reads the stage artifacts; writes nothing and takes no lock.")

    @Argument(help: "The pipeline file.")
    var pipeline: String

    func run() throws {
        try exitOnError {
            let stages = try PipelineStages(try PipelineLoader().load(path: pipeline))
            print(StatusText(try stages.states()).text, terminator: "")
        }
    }
}
