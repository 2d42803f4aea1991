/// Process exit codes, following BSD sysexits so cron wrappers can tell "retry later" from
/// "fix the data".
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    case failure = 1
    case usage = 64
    case badData = 65
    case missingInput = 66
    case cannotWrite = 73
    case locked = 75

    /// The one mapping from error kinds to exit codes.
    public init(_ kind: BarometerError.Kind) {
        switch kind {
        case .usage: self = .usage
        case .badData: self = .badData
        case .missingInput: self = .missingInput
        case .cannotWrite: self = .cannotWrite
        case .locked: self = .locked
        case .failure: self = .failure
        }
    }
}
