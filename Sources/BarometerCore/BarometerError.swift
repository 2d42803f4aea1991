/// Every failure Barometer reports: what went wrong, where, and which exit code it maps to.
///
/// Throw these rather than ad-hoc errors: the command line turns the `kind` into a sysexits
/// code in one place (`ExitStatus`) and prints `location: message`.
public struct BarometerError: Error, Sendable, CustomStringConvertible {
    /// The class of failure; decides the process exit code.
    public enum Kind: Sendable, Equatable {
        /// The command line or the pipeline file is wrong (64, `EX_USAGE`).
        case usage
        /// An input file is present but its content is unusable (65, `EX_DATAERR`).
        case badData
        /// An input file named by the pipeline does not exist or cannot be read (66, `EX_NOINPUT`).
        case missingInput
        /// An output cannot be written (73, `EX_CANTCREAT`).
        case cannotWrite
        /// Another run holds the pipeline's lock (75, `EX_TEMPFAIL`).
        case locked
        /// Anything else, e.g. raking that did not converge (1).
        case failure
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?

    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
