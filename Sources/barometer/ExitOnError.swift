import ArgumentParser
import BarometerCore
import Foundation

/// Runs a command body and turns a `BarometerError` into its message on stderr and its
/// sysexits code: the one place where errors become exit codes.
func exitOnError(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as BarometerError {
        FileHandle.standardError.write(Data("barometer: error: \(error)\n".utf8))
        throw ExitCode(ExitStatus(error.kind).rawValue)
    }
}
