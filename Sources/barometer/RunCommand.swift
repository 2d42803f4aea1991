import ArgumentParser
import Barometer
import BarometerCore
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: extract, transform, aggregate, load.",
        discussion: "Prints a short summary on stdout; logs go to stderr.")

    @Argument(help: "The pipeline file, e.g. Pipelines/frivillige-2019.yml.")
    var pipeline: String

    @Option(help: "Seconds to wait for another run of the same pipeline to finish (default: exit 75 at once).")
    var wait: Double = 0

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        try exitOnError {
            let loaded = try PipelineLoader().load(path: pipeline)
            let summary = try PipelineRunner(loaded, logger: logging.makeLogger(), lockWait: wait).run()
            print(SummaryText(summary).text, terminator: "")
        }
    }
}
