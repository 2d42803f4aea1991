import ArgumentParser
import Barometer
import BarometerCore
import BarometerLoad
import Foundation

extension StageName: ExpressibleByArgument {}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline's stale stages: extract, transform, aggregate, load.",
        discussion: """
            Each stage writes an artifact under <output>/stages/<stage>/ with the fingerprint of \
            what it read (input files, its part of the pipeline file, the tool version); a stage \
            whose artifact is up to date is reused. Prints a short summary on stdout; logs go to \
            stderr. When a stage before --stage/--from is missing or stale, nothing runs and the \
            exit code is 64 (usage), with the command to run first.

            Exit codes: 0 success, 1 other failure (e.g. raking did not converge), 64 usage, \
            65 bad input data, 66 missing input, 73 cannot write output, 75 locked (try again).
            """)

    @Argument(help: "The pipeline file, e.g. Pipelines/frivillige-2019.yml.")
    var pipeline: String

    @Option(help: "Seconds to wait for another run of the same pipeline to finish (default: exit 75 at once).")
    var wait: Double = 0

    @Flag(help: "Rerun every selected stage, up to date or not.")
    var force = false

    @Option(help: "Rerun exactly this stage from the artifacts before it.")
    var stage: StageName?

    @Option(help: "Run from this stage on (stale stages only, unless --force).")
    var from: StageName?

    @Option(help: "Run up to and including this stage.")
    var until: StageName?

    @Option(name: .customLong("lang"), help: "Language of report.html and report.md: da or en (default: the pipeline's output.language, else da).")
    var language: ReportLanguage?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if stage != nil, from != nil || until != nil { throw ValidationError("--stage cannot be combined with --from or --until") }
        if let from, let until, until < from { throw ValidationError("--until \(until.rawValue) comes before --from \(from.rawValue)") }
    }

    func run() throws {
        try exitOnError {
            var loaded = try PipelineLoader().load(path: pipeline)
            if let language { loaded.pipeline.output.language = language }
            let selection =
                stage.map(StageSelection.only) ?? StageSelection(from: from ?? .extract, until: until ?? .load, force: force)
            let runner = PipelineRunner(
                loaded, logger: logging.makeLogger(), lockWait: wait, progress: logging.showsProgress ? .ifTerminal() : nil)
            let (stages, summary) = try runner.run(selection)
            if let summary {
                print(SummaryText(summary).text, terminator: "")
            } else {
                print(
                    "\(loaded.pipeline.name): the published outputs are not up to date (load did not run)\n"
                        + SummaryText.stagesLine(stages))
            }
        }
    }
}

extension ReportLanguage: ExpressibleByArgument {}
