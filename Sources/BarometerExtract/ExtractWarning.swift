import BarometerCore

/// Something in an input that does not stop it being read but that its owner should hear
/// about, such as a Triple-S metadata file that breaks the standard's DTD.
public struct ExtractWarning: Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line: message`, as compilers print warnings.
    public var description: String { "\(location): \(message)" }
}
