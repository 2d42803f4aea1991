import ArgumentParser
import Barometer
import BarometerExtract

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the variables, types, labels and row count of an export.",
        discussion: """
            FILE is a CSV file, a SurveyXact bundle folder, a Triple-S metadata file (.sss or .xml) \
            or a SpreadsheetML workbook; with --record, any XML file with one element per respondent.
            """)

    @Argument(help: "The export to describe.")
    var file: String

    @Option(help: "For record XML: the element that holds one respondent.")
    var record: String?

    func run() throws {
        try exitOnError {
            let format = record == nil ? try ExportFormat.detect(path: file) : .xml
            let result = try InputSpec(format: format, path: file, record: record).read(path: file)
            print(ExportDescription(path: file, result: result).text, terminator: "")
        }
    }
}
