import BarometerCore
internal import CLibXML2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only pull reader over one XML document, on libxml2's streaming `xmlTextReader`:
/// for metadata and record XML. Large workbooks go through `XMLPushParser` instead. With it,
/// `XMLDTDValidator`, `XMLErrorSink` and `LibXML2`, the only places BarometerExtract touches
/// libxml2, so no libxml2 type escapes them.
///
/// Safe by construction, whatever the document declares:
/// - entities are never substituted (no `XML_PARSE_NOENT`) and no DTD is loaded, so an
///   external entity pointing at a local file (XXE) is never read; any reference to an entity
///   other than the five predefined ones is refused with a `.badData` error;
/// - no network access (`XML_PARSE_NONET`);
/// - libxml2's hard limits stay on (no `XML_PARSE_HUGE`): entity amplification ("billion
///   laughs") and nesting deeper than 256 elements stop the parse with an error.
///
/// Memory holds the current node and libxml2's look-ahead only, so it does not grow with the
/// document. Encodings come from the BOM and the XML declaration (UTF-8, UTF-16, ISO-8859-1,
/// Windows-1252 and whatever else the system's iconv knows). Errors become
/// `BarometerError(.badData)` at libxml2's line and column.
///
/// One reader per document and per thread; it frees everything it allocated in `deinit`.
final class XMLStreamReader {
    /// What the reader stands on after `read()`.
    enum NodeKind: Equatable {
        case startElement
        case endElement
        /// Character data, CDATA or whitespace between elements.
        case text
        /// Comments, processing instructions, the document type: callers skip these.
        case other
    }

    /// The file named in messages; also the base URI libxml2 resolves against.
    let path: String
    private let reader: OpaquePointer
    private let errors: XMLErrorSink
    /// The document bytes for `init(bytes:)`: libxml2 reads them in place, so they must
    /// outlive `reader`.
    private let memory: UnsafeMutableRawBufferPointer?
    /// The current node's libxml2 type, read once per move.
    private var nodeType: Int32 = 0

    /// Options for every document: see the type's summary for why each is (not) here.
    private static let options: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Opens `path` for streaming; a missing or unreadable file is `.missingInput`.
    init(path: String) throws {
        LibXML2.initializeOnce()
        guard access(path, R_OK) == 0 else {
            throw BarometerError(.missingInput, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard let reader = xmlReaderForFile(path, nil, Self.options) else {
            throw BarometerError(.missingInput, "cannot open \(path) as XML")
        }
        self.path = path
        self.reader = reader
        self.memory = nil
        self.errors = XMLErrorSink()
        installErrorHandler()
    }

    /// Reads a document already in memory; `path` is only used in messages.
    init(bytes: [UInt8], path: String) throws {
        LibXML2.initializeOnce()
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0) }
        guard
            let reader = xmlReaderForMemory(
                memory.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), path, nil,
                Self.options)
        else {
            memory.deallocate()
            throw BarometerError(.badData, "cannot parse \(path) as XML", at: SourceLocation(file: path))
        }
        self.path = path
        self.reader = reader
        self.memory = memory
        self.errors = XMLErrorSink()
        installErrorHandler()
    }

    deinit {
        xmlFreeTextReader(reader)
        memory?.deallocate()
    }

    private func installErrorHandler() {
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { context, error in
                guard let context, let error else { return }
                Unmanaged<XMLErrorSink>.fromOpaque(context).takeUnretainedValue().record(
                    level: Int(error.pointee.level.rawValue), message: error.pointee.message,
                    file: error.pointee.file, line: Int(error.pointee.line), column: Int(error.pointee.int2))
            },
            Unmanaged.passUnretained(errors).toOpaque())
    }

    // MARK: Moving

    /// Moves to the next node; false at the end of the document.
    ///
    /// Throws `.badData` at the first XML error libxml2 reports (not well-formed, bad
    /// encoding, limits exceeded) and at any reference to a non-predefined entity.
    func read() throws -> Bool {
        try settle(xmlTextReaderRead(reader))
    }

    /// Turns a move's status into a result: errors libxml2 recorded on the way, and entity
    /// references (never expanded, see the type's summary), are thrown.
    private func settle(_ status: Int32) throws -> Bool {
        try throwRecordedError()
        nodeType = status == 1 ? xmlTextReaderNodeType(reader) : 0
        if status == 0 { return false }
        if status < 0 { throw failure("the XML parser stopped") }
        if nodeType == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue) {
            let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "?"
            throw XMLErrorSink.entityNotExpanded(name, at: SourceLocation(file: path, line: line))
        }
        return true
    }

    // MARK: The current node

    var kind: NodeKind {
        switch UInt32(nodeType) {
        case XML_READER_TYPE_ELEMENT.rawValue: .startElement
        case XML_READER_TYPE_END_ELEMENT.rawValue: .endElement
        case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue,
            XML_READER_TYPE_WHITESPACE.rawValue, XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue:
            .text
        default: .other
        }
    }

    /// Nesting depth: 0 for the root element.
    var depth: Int { Int(xmlTextReaderDepth(reader)) }

    /// True for `<a/>`, which has no separate end element.
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// The 1-based line of the current element's start tag (of its last line, if it spans
    /// several), or of the text node.
    var line: Int {
        guard let node = xmlTextReaderCurrentNode(reader) else {
            return Int(xmlTextReaderGetParserLineNumber(reader))
        }
        return Int(xmlGetLineNo(node))
    }

    /// The element name without namespace prefix.
    var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    /// The element name as written, with its prefix.
    var qualifiedName: String {
        xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
    }

    /// A number standing for the current local name, stable while this reader lives, for
    /// caching lookups by name without building a String per node.
    ///
    /// libxml2 interns names in the reader's dictionary, so a name keeps one address; a
    /// cache keyed by it needs `localName` only on a miss.
    var localNameIdentity: Int {
        Int(bitPattern: xmlTextReaderConstLocalName(reader))
    }

    /// Whether the local name is `name`, without building a String.
    func localNameIs(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { localNameIs(bytes: $0) }
    }

    /// Whether the local name is the UTF-8 `name`, without building a String.
    func localNameIs(_ name: [UInt8]) -> Bool {
        name.withUnsafeBufferPointer { localNameIs(bytes: $0) }
    }

    private func localNameIs(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let current = xmlTextReaderConstLocalName(reader) else { return false }
        guard let start = bytes.baseAddress else { return current[0] == 0 }
        return current.withMemoryRebound(to: CChar.self, capacity: bytes.count + 1) { c in
            start.withMemoryRebound(to: CChar.self, capacity: bytes.count) { strncmp(c, $0, bytes.count) == 0 }
        } && current[bytes.count] == 0
    }

    /// The encoding named in the XML declaration, if any.
    var declaredEncoding: String? {
        xmlTextReaderConstEncoding(reader).map { String(cString: $0) }
    }

    /// Appends the text node's content, as UTF-8, to `buffer`.
    func appendText(to buffer: inout [UInt8]) {
        guard let value = xmlTextReaderConstValue(reader) else { return }
        buffer.append(contentsOf: UnsafeRawBufferPointer(start: value, count: strlen(value)))
    }

    /// The text node's content.
    var text: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    // MARK: Attributes of the current element

    /// The value of the attribute `name` as written (`"Index"`, `"xml:lang"`), or nil.
    func attribute(_ name: String) -> String? {
        let found = name.withCString { name in
            name.withMemoryRebound(to: UInt8.self, capacity: 1) { xmlTextReaderMoveToAttribute(reader, $0) }
        }
        guard found == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        return xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// Every attribute of the element except namespace declarations, in document order.
    func attributes() -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return result }
        defer { xmlTextReaderMoveToElement(reader) }
        repeat {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            result.append(
                XMLAttribute(
                    name: xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "",
                    localName: xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "",
                    namespace: xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) },
                    value: xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""))
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        return result
    }

    // MARK: Whole elements

    /// Standing on a start element, appends all text inside it (descendants included) to
    /// `buffer` and leaves the reader on its end element (or on it, if it is empty).
    func appendElementText(to buffer: inout [UInt8]) throws {
        guard kind == .startElement, !isEmptyElement else { return }
        let start = depth
        while try read() {
            switch kind {
            case .text: appendText(to: &buffer)
            case .endElement where depth == start: return
            default: break
            }
        }
        throw failure("the document ended inside an element")
    }

    /// Standing on a start element, its text content (see `appendElementText`).
    func elementText() throws -> String {
        var buffer: [UInt8] = []
        try appendElementText(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    // MARK: Errors

    private func throwRecordedError() throws {
        guard errors.failed else { return }
        if let error = errors.barometerError(path: path) { throw error }
    }

    private func failure(_ message: String) -> BarometerError {
        BarometerError(
            .badData, message,
            at: SourceLocation(file: path, line: Int(xmlTextReaderGetParserLineNumber(reader))))
    }
}

/// One attribute of an element, as `XMLStreamReader.attributes()` lists it.
struct XMLAttribute: Equatable, Sendable {
    /// The name as written, with its prefix.
    var name: String
    var localName: String
    var namespace: String?
    var value: String
}
