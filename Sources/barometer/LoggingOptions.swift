import ArgumentParser
import Barometer
import Logging

/// Options every command that logs shares: how much to say on stderr, and in which form.
struct LoggingOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Flag(name: .shortAndLong, help: "Log each stage and its timing.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Log errors only.")
    var quiet = false

    @Option(help: "Log lines for people (text) or one JSON object per line (json); always on stderr.")
    var logFormat: Format = .text

    /// Whether a stage progress bar may be drawn (still only when stderr is a terminal).
    var showsProgress: Bool { !quiet && logFormat == .text }

    /// A logger writing to stderr at the chosen level.
    func makeLogger() -> Logger {
        var logger = Logger(label: "barometer") { label in
            switch logFormat {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLogHandler(label: label)
            }
        }
        logger.logLevel = quiet ? .error : verbose ? .debug : .notice
        return logger
    }
}
