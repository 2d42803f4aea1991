import ArgumentParser
import Barometer
import BarometerCore
import BarometerLoad
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

    @Option(name: .customLong("lang"), help: "Language of report.html and report.md: da or en (default: the pipeline's output.language, else da).")
    var language: ReportLanguage?

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        try exitOnError {
            var loaded = try PipelineLoader().load(path: pipeline)
            if let language { loaded.pipeline.output.language = language }
            let summary = try PipelineRunner(loaded, logger: logging.makeLogger(), lockWait: wait).run()
            print(SummaryText(summary).text, terminator: "")
        }
    }
}

extension ReportLanguage: ExpressibleByArgument {}
