import ArgumentParser
import Barometer
import BarometerExtract

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the variables, types, labels and row count of an export.",
        discussion: "FILE is a CSV file or a SurveyXact bundle folder.")

    @Argument(help: "The export to describe.")
    var file: String

    func run() throws {
        try exitOnError {
            let format = try ExportFormat.detect(path: file)
            print(ExportDescription(path: file, result: try format.read(path: file)).text, terminator: "")
        }
    }
}
