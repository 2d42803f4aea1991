import ArgumentParser
import Barometer
import BarometerCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline file and its inputs without writing anything.",
        discussion: """
            Reads the pipeline, every input file and the frame, applies the rules and computes the \
            estimates in memory, so unknown columns, unknown codes and bad frames show up now \
            rather than at night. Rejected rows are counted, not written.
            """)

    @Argument(help: "The pipeline file.")
    var pipeline: String

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        try exitOnError {
            let loaded = try PipelineLoader().load(path: pipeline)
            let computed = try PipelineRunner(loaded, logger: logging.makeLogger()).compute()
            print(
                "\(loaded.pipeline.name): valid; \(computed.extracted.rowsRead) rows read, "
                    + "\(computed.rejects.count) would be rejected, universe \(computed.universeCount), "
                    + "\(computed.estimates.count) estimates")
        }
    }
}
