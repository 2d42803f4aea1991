import ArgumentParser
import Barometer

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a synthetic survey wave as a SurveyXact bundle with its population frame.",
        discussion: "The same options always give byte-identical files.")

    @Option(help: "Seed of the random generator.")
    var seed: UInt64 = 2039

    @Option(help: "Number of responding workplaces.")
    var respondents = 2271

    @Option(help: "Label of the survey wave.")
    var wave = "2018-2019"

    @Option(name: .shortAndLong, help: "Folder to write dataset.csv, structure.csv, labels.csv, frame.csv into.")
    var output: String

    @Option(name: .customLong("triple-s"), help: "Also write the same respondents as Triple-S 2.0 (barometer.sss, barometer.csv) into this folder.")
    var tripleS: String?

    func validate() throws {
        guard respondents >= 100 else { throw ValidationError("--respondents must be at least 100") }
    }

    func run() throws {
        try exitOnError {
            let generator = SampleGenerator(SampleConfiguration(seed: seed, respondents: respondents, wave: wave))
            try generator.write(to: output)
            if let tripleS { try generator.writeTripleS(to: tripleS) }
        }
    }
}
