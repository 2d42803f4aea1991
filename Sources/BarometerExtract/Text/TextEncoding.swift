/// The character encodings survey tools export in.
public enum TextEncoding: Sendable, Equatable {
    /// A byte-order mark if there is one, else UTF-8 if the bytes are valid UTF-8, else Windows-1252.
    case auto
    case utf8
    case windows1252
    case latin1
    /// UTF-16 with a byte-order mark (little-endian without one).
    case utf16
    case utf16LittleEndian
    case utf16BigEndian

    static let names = ["auto", "utf-8", "windows-1252", "iso-8859-1", "utf-16", "utf-16le", "utf-16be"]

    init?(name: String) {
        switch name.lowercased() {
        case "auto": self = .auto
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "ansi": self = .windows1252
        case "iso-8859-1", "latin1", "latin-1": self = .latin1
        case "utf-16", "utf16": self = .utf16
        case "utf-16le": self = .utf16LittleEndian
        case "utf-16be": self = .utf16BigEndian
        default: return nil
        }
    }
}
