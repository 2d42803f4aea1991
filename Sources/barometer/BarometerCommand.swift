import ArgumentParser
import Barometer
import BarometerCore

@main
struct BarometerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barometer",
        abstract: "Turns public-sector innovation survey exports into weighted indicator tables.",
        discussion: """
            A pipeline file (YAML, see Pipelines/) names the export, the universe, the indicator \
            flags, the weighting, the breakdowns and the outputs.

            Stages: extract, transform, aggregate, load; each keeps an artifact under \
            <output>/stages/<stage>/ and is rerun only when what it read changed \
            (see `barometer status`).

            Exit codes (sysexits): 0 success, 1 other failure (e.g. raking did not converge), \
            64 usage or pipeline error (also: a stage before --stage/--from is missing or stale), \
            65 bad input data, 66 missing input, 73 cannot write output, 75 locked (try again).
            """,
        version: BarometerVersionText.value,
        subcommands: [RunCommand.self, StatusCommand.self, ValidateCommand.self, InspectCommand.self, SampleCommand.self]
    )
}

/// The `--version` text, from the library's version (which stage fingerprints record).
enum BarometerVersionText {
    static let value = "barometer \(BarometerVersion.current)"
}
