/// The character encodings survey tools export in.
public enum TextEncoding: Sendable, Equatable {
    /// A byte-order mark if there is one, else UTF-8 if the bytes are valid UTF-8, else Windows-1252.
    case auto
    case utf8
    case windows1252
    case latin1
    /// ISO-8859-15: Latin-1 with € and a few letters in place of eight symbols.
    case latin9
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

    /// The encoding an XML declaration or a Triple-S `data-file-encoding` names (IANA charset
    /// names and common aliases; case, `-`, `_` and spaces ignored), or nil if unsupported.
    ///
    /// Unlike `init(name:)` for dialects, plain "UTF-16" means big-endian, the charset's default
    /// when no byte-order mark says otherwise.
    init?(charset name: String) {
        switch String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }) {
        case "utf8", "usascii", "ascii": self = .utf8
        case "utf16", "utf16be", "ucs2", "unicodefffe": self = .utf16BigEndian
        case "utf16le", "unicode": self = .utf16LittleEndian
        case "iso88591", "latin1", "l1", "cp819", "iso885911987": self = .latin1
        case "iso885915", "latin9", "l9": self = .latin9
        case "windows1252", "cp1252", "winlatin1", "ansi": self = .windows1252
        default: return nil
        }
    }
}
