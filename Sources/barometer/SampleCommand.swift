import ArgumentParser
import Barometer

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a synthetic survey wave as a SurveyXact bundle with its population frame.",
        discussion: "The same options always give byte-identical files.")

    @Option(help: "Seed of the random generator.")
    var seed: UInt64 = 2019

    @Option(help: "Number of responding workplaces.")
    var respondents = 2271

    @Option(help: "Label of the survey wave.")
    var wave = "2018-2019"

    @Option(name: .shortAndLong, help: "Folder to write dataset.csv, structure.csv, labels.csv, frame.csv into.")
    var output: String

    func validate() throws {
        guard respondents >= 100 else { throw ValidationError("--respondents must be at least 100") }
    }

    func run() throws {
        try exitOnError {
            try SampleGenerator(SampleConfiguration(seed: seed, respondents: respondents, wave: wave)).write(to: output)
        }
    }
}
