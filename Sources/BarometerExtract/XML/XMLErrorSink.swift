import BarometerCore
internal import CLibXML2

/// Collects libxml2's structured errors for one document (`XMLStreamReader`, `XMLPushParser`).
///
/// Keeps the first error reported against the document itself; libxml2 also reports errors
/// inside entity replacement text (no file, line 1 of the entity), which only point at the
/// real place when nothing better comes.
final class XMLErrorSink {
    struct Recorded {
        var message: String
        var line: Int?
        var column: Int?
    }

    private var first: Recorded?
    private var firstInDocument: Recorded?

    var error: Recorded? { firstInDocument ?? first }
    /// Whether an error has been recorded: checked after every move, so kept as a flag.
    private(set) var failed = false

    func record(level: Int, message: UnsafeMutablePointer<CChar>?, file: UnsafeMutablePointer<CChar>?, line: Int, column: Int) {
        // Warnings (level 1) do not stop a read; errors (2) and fatal errors (3) do.
        guard level >= Int(XML_ERR_ERROR.rawValue) else { return }
        let text = message.map { String(cString: $0) } ?? "unknown XML error"
        record(text, line: line, column: column, inDocument: file != nil)
    }

    /// Records an error found by the wrapper itself, the way libxml2 would report it.
    func record(_ text: String, line: Int, column: Int, inDocument: Bool = true) {
        let recorded = Recorded(
            message: XMLWhitespace.trimmed(text), line: line > 0 ? line : nil, column: column > 0 ? column : nil)
        failed = true
        if first == nil { first = recorded }
        if firstInDocument == nil, inDocument { firstInDocument = recorded }
    }

    /// The recorded error as the readers throw it, at libxml2's line and column; nil if none.
    func barometerError(path: String) -> BarometerError? {
        guard failed, let error else { return nil }
        return BarometerError(
            .badData, "not well-formed XML: \(error.message)",
            at: SourceLocation(file: path, line: error.line, column: error.column))
    }

    /// The refusal of a reference to an entity other than the five predefined ones, which the
    /// readers never expand (it could name a local file, or blow up into gigabytes).
    static func entityNotExpanded(_ name: String, at location: SourceLocation) -> BarometerError {
        BarometerError(
            .badData,
            "entity reference &\(name); is not expanded: only &amp; &lt; &gt; &quot; &apos; "
                + "and character references are allowed", at: location)
    }
}
