import ArgumentParser
import Logging

/// Options every command that logs shares: how much to say on stderr.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log each stage and its timing.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Log errors only.")
    var quiet = false

    /// A logger writing to stderr at the chosen level.
    func makeLogger() -> Logger {
        var logger = Logger(label: "barometer") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = quiet ? .error : verbose ? .debug : .notice
        return logger
    }
}
