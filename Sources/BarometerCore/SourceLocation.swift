/// A place in an input file that a message can point a person at.
///
/// Lines and columns count from 1; a column is the 1-based field number for delimited
/// files and the character position for XML and YAML. Either may be absent when the
/// problem concerns a whole file or a whole row.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers use, so editors and terminals can jump to it.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        return text
    }
}
