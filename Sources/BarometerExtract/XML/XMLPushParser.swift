import BarometerCore
internal import CLibXML2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `XMLPushParser` tells as it streams a document: element starts and ends and the text
/// between them, in document order.
///
/// A handler may throw from any event: the parse stops there and `parse` rethrows. Setting
/// `isDone` stops it without an error, e.g. once the part of the document wanted is read.
///
/// Usually a struct: `parse` calls it in place, specialised for its type, as the events come
/// by the ten million in a large export.
protocol XMLEventHandler {
    /// Whether the handler has all it wants; checked after each element event.
    var isDone: Bool { get }
    mutating func startElement(_ tag: XMLStartTag) throws
    /// `depth` is the ending element's, as its `XMLStartTag.depth` was.
    mutating func endElement(depth: Int) throws
    /// Character data, CDATA and whitespace, as UTF-8, possibly in several pieces per run of
    /// text; the bytes are valid during the call only.
    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// An element's start tag as `XMLEventHandler.startElement` sees it: names and attribute
/// values point into libxml2's buffers, so it is valid during that call only.
struct XMLStartTag {
    /// Nesting depth: 0 for the root element.
    let depth: Int
    /// The parser context, for the line; a raw pointer so no libxml2 type is in the API.
    fileprivate let parser: UnsafeMutableRawPointer
    fileprivate let localNamePointer: UnsafePointer<UInt8>
    fileprivate let prefixPointer: UnsafePointer<UInt8>?
    /// libxml2's SAX2 attribute array: per attribute local name, prefix, namespace URI,
    /// value start and value end.
    fileprivate let attributePointers: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    fileprivate let attributeCount: Int

    /// The 1-based line the parser is on: the start tag's last line, as `XMLStreamReader`'s
    /// `line` gives it for an element.
    var line: Int {
        Int(parser.assumingMemoryBound(to: xmlParserCtxt.self).pointee.input.pointee.line)
    }

    /// Where the parser stands in the document's bytes: at the `>` (or `/>`) that closes this
    /// start tag, after any whitespace before it. Nil when libxml2 is converting the document
    /// from another encoding, as its offsets then count converted bytes.
    var byteOffset: Int? {
        let context = parser.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let input = context.pointee.input, input.pointee.buf?.pointee.encoder == nil else { return nil }
        return Int(xmlByteConsumed(context))
    }

    /// Whether the local name (without prefix) is `name`, without building a String.
    func localNameIs(_ name: StaticString) -> Bool {
        Self.equal(localNamePointer, name)
    }

    /// The name as written, with its prefix.
    var qualifiedName: String {
        let local = String(cString: localNamePointer)
        guard let prefixPointer else { return local }
        return "\(String(cString: prefixPointer)):\(local)"
    }

    /// Whether the tag has any attribute: a cheap test before looking one up.
    var hasAttributes: Bool { attributeCount > 0 }

    /// Calls `body` with the value of the attribute `localName` in `namespace` or, failing
    /// that, of the unprefixed attribute `localName` (as some writers leave the prefix off);
    /// nil if there is neither. Values come with entity and character references resolved.
    func withAttribute<Result>(
        _ localName: StaticString, namespace: StaticString, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result
    ) rethrows -> Result {
        guard let attributes = attributePointers else { return try body(nil) }
        var unprefixed: UnsafeBufferPointer<UInt8>? = nil
        for index in 0..<attributeCount {
            let base = attributes + 5 * index
            guard let name = base[0], Self.equal(name, localName), let start = base[3], let end = base[4]
            else { continue }
            let value = UnsafeBufferPointer(start: start, count: end - start)
            if let uri = base[2] {
                if Self.equal(uri, namespace) { return try body(value) }
            } else if base[1] == nil, unprefixed == nil {
                unprefixed = value
            }
        }
        return try body(unprefixed)
    }

    /// The attribute's value (see `withAttribute`) as a String.
    func attribute(_ localName: StaticString, namespace: StaticString) -> String? {
        withAttribute(localName, namespace: namespace) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Whether the NUL-terminated `text` is exactly `name` (a literal, so NUL-terminated too).
    @inline(__always)
    private static func equal(_ text: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let expected = name.utf8Start
        // Long ones (namespace URIs) are for strcmp's vector loop; element and attribute names
        // are short and mostly differ in the first byte, so a loop here beats the call.
        if name.utf8CodeUnitCount > 16 {
            return strcmp(
                UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self),
                UnsafeRawPointer(expected).assumingMemoryBound(to: CChar.self)) == 0
        }
        var index = 0
        while true {
            let byte = text[index]
            guard byte == expected[index] else { return false }
            if byte == 0 { return true }
            index += 1
        }
    }
}

/// Streams one XML file through libxml2's SAX2 push parser into an `XMLEventHandler`: the
/// fast path for large documents, as libxml2 builds no node per element (`XMLStreamReader`
/// does). The file is fed in chunks, so memory does not grow with it.
///
/// As safe as `XMLStreamReader`, whatever the document declares:
/// - entities are never substituted (no `XML_PARSE_NOENT`) and no DTD is loaded; a reference
///   in content to an entity other than the five predefined ones is refused before libxml2
///   looks at the entity, so an external one (XXE) is never read and an internal one never
///   expanded ("billion laughs");
/// - no network access (`XML_PARSE_NONET`);
/// - libxml2's hard limits stay on (no `XML_PARSE_HUGE`); nesting deeper than libxml2's 256
///   elements is refused here as well, whether or not libxml2's SAX path checks it (its tree
///   builder, which the pull reader relies on, does).
///
/// Encodings come from the BOM and the XML declaration, as for `XMLStreamReader`. Errors
/// become `BarometerError(.badData)` at libxml2's line and column. Everything libxml2
/// allocates is freed before `parse` returns; the state of a parse lives in its context.
enum XMLPushParser {
    /// How many bytes are read and handed to libxml2 at a time.
    static let chunkSize = 1 << 20
    /// libxml2's own limit without `XML_PARSE_HUGE` (`xmlParserMaxDepth`).
    static let maximumDepth = 256

    /// Options for every document: see the type's summary for why each is (not) here.
    private static let options: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Parses the file at `path` into `handler`, to the end or until the handler is done.
    ///
    /// - Throws: `.missingInput` for a file that cannot be read, `.badData` for XML libxml2
    ///   refuses and for entity references, and whatever the handler throws.
    static func parse<Handler: XMLEventHandler>(path: String, into handler: inout Handler) throws {
        let file = open(path, O_RDONLY)
        guard file >= 0 else {
            throw BarometerError(.missingInput, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(file) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        try parse(sourceName: path, into: &handler) {
            let count = read(file, buffer.baseAddress, chunkSize)
            guard count >= 0 else {
                throw BarometerError(.missingInput, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            return UnsafeRawBufferPointer(rebasing: buffer[..<count])
        }
    }

    /// Parses the document whose bytes `next` hands over piece by piece (an empty piece ends
    /// it) into `handler`, as `parse(path:into:)` does a file; `sourceName` names it in errors.
    ///
    /// A piece need only stay valid until the next call; pieces of about `chunkSize` keep
    /// libxml2's buffer from growing with the document.
    static func parse<Handler: XMLEventHandler>(
        sourceName: String, into handler: inout Handler, next: () throws -> UnsafeRawBufferPointer
    ) throws {
        LibXML2.initializeOnce()
        var sax = saxHandler()
        // No bytes yet: libxml2 detects the encoding from the first chunk it is given.
        guard let parser = xmlCreatePushParserCtxt(&sax, nil, nil, 0, sourceName) else {
            throw BarometerError(.missingInput, "cannot open \(sourceName) as XML")
        }
        defer {
            // The default SAX2 document callbacks build a document node (for the DTD's entity
            // declarations); the context does not free it.
            if let document = parser.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(parser)
        }
        xmlCtxtUseOptions(parser, options)
        try withUnsafeMutablePointer(to: &handler) { handler in
            // Closures made here are specialised for `Handler`, so the calls into it are direct.
            let context = XMLPushParserContext(
                path: sourceName,
                events: .init(
                    start: { try handler.pointee.startElement($0) },
                    end: { try handler.pointee.endElement(depth: $0) },
                    text: { handler.pointee.characters($0) },
                    isDone: { handler.pointee.isDone }))
            parser.pointee._private = Unmanaged.passUnretained(context).toOpaque()
            defer { parser.pointee._private = nil }
            while !context.stopped, !context.errors.failed {
                let piece = try next()
                xmlParseChunk(
                    parser, piece.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(piece.count), piece.isEmpty ? 1 : 0)
                if piece.isEmpty { break }
            }
            if let failure = context.failure { throw failure }
            if let error = context.errors.barometerError(path: sourceName) { throw error }
            if !context.handlerIsDone, parser.pointee.wellFormed == 0 {
                throw BarometerError(
                    .badData, "the XML parser stopped",
                    at: SourceLocation(file: sourceName, line: Int(parser.pointee.input?.pointee.line ?? 0)))
            }
            withExtendedLifetime(context) {}
        }
    }

    /// libxml2's SAX2 defaults (which keep the internal DTD's declarations, so libxml2's own
    /// checks on entities run as for the pull reader), with the element and text events,
    /// entity lookup and errors routed to the context; comments and processing instructions
    /// are dropped rather than kept in the document node.
    private static func saxHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        xmlSAXVersion(&sax, 2)
        sax.startElement = nil
        sax.endElement = nil
        sax.comment = nil
        sax.processingInstruction = nil
        sax.reference = nil
        sax.startElementNs = { parser, localName, prefix, _, _, _, attributeCount, _, attributes in
            guard let parser, let localName else { return }
            XMLPushParserContext.with(parser) {
                $0.startElement(
                    parser: parser,
                    localName: localName, prefix: prefix, attributes: attributes, attributeCount: Int(attributeCount))
            }
        }
        sax.endElementNs = { parser, _, _, _ in
            guard let parser else { return }
            XMLPushParserContext.with(parser) { $0.endElement(parser: parser) }
        }
        sax.characters = characters
        sax.ignorableWhitespace = characters
        sax.cdataBlock = characters
        sax.getEntity = { parser, name in
            guard let parser, let name else { return nil }
            let state = parser.assumingMemoryBound(to: xmlParserCtxt.self)
            // In content, any entity that reaches the lookup is not one of the predefined
            // five (libxml2 answers those itself): refuse it before libxml2 reads or expands
            // it. In attribute values and the DTD, libxml2's own checks apply as for the pull
            // reader.
            guard state.pointee.instate == XML_PARSER_CONTENT else { return xmlSAX2GetEntity(parser, name) }
            let line = Int(state.pointee.input.pointee.line)
            XMLPushParserContext.with(parser) { context in
                context.fail(
                    XMLErrorSink.entityNotExpanded(String(cString: name), at: SourceLocation(file: context.path, line: line)),
                    parser: parser)
            }
            // Not well-formed, so libxml2 does not fall back to its own lookup either.
            state.pointee.wellFormed = 0
            return nil
        }
        sax.serror = { parser, error in
            guard let parser, let error else { return }
            XMLPushParserContext.with(parser) {
                $0.errors.record(
                    level: Int(error.pointee.level.rawValue), message: error.pointee.message,
                    file: error.pointee.file, line: Int(error.pointee.line), column: Int(error.pointee.int2))
            }
        }
        return sax
    }

    private static let characters: charactersSAXFunc = { parser, bytes, count in
        guard let parser, let bytes, count > 0 else { return }
        XMLPushParserContext.with(parser) {
            $0.characters(parser: parser, UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
    }
}

/// The state of one `XMLPushParser.parse`, reached from libxml2's callbacks through the parser
/// context's `_private`: the handler's events, the depth, the first failure.
private final class XMLPushParserContext {
    /// The handler's methods, bound to the caller's handler while `parse` runs.
    struct Events {
        let start: (XMLStartTag) throws -> Void
        let end: (Int) throws -> Void
        let text: (UnsafeBufferPointer<UInt8>) -> Void
        let isDone: () -> Bool
    }

    struct Progress {
        var depth = 0
        /// Whether events no longer reach the handler (done, failed, or libxml2 reported an
        /// error).
        var stopped = false
        /// Whether the parse ended early because the handler was done.
        var handlerIsDone = false
    }

    let path: String
    let events: Events
    let errors = XMLErrorSink()
    /// What the handler threw, or the parser refused on its own (entities).
    private(set) var failure: BarometerError?
    /// The per-event state, behind a pointer so the hot path makes no class property
    /// accesses for Swift to check for exclusivity at run time.
    private let progress: UnsafeMutablePointer<Progress>

    var stopped: Bool { progress.pointee.stopped }
    var handlerIsDone: Bool { progress.pointee.handlerIsDone }

    init(path: String, events: Events) {
        self.path = path
        self.events = events
        progress = .allocate(capacity: 1)
        progress.initialize(to: Progress())
    }

    deinit {
        progress.deinitialize(count: 1)
        progress.deallocate()
    }

    /// Calls `body` with the context of `parser`, without retaining it (`parse` keeps it alive).
    @inline(__always)
    static func with<Result>(_ parser: UnsafeMutableRawPointer, _ body: (XMLPushParserContext) -> Result) -> Result {
        Unmanaged<XMLPushParserContext>.fromOpaque(
            parser.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private!
        )._withUnsafeGuaranteedRef(body)
    }

    func startElement(
        parser: UnsafeMutableRawPointer, localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?,
        attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, attributeCount: Int
    ) {
        guard proceed(parser) else { return }
        let depth = progress.pointee.depth
        progress.pointee.depth = depth + 1
        guard depth < XMLPushParser.maximumDepth else {
            // The pull reader's limit, checked here as no libxml2 tree builder runs.
            let input = parser.assumingMemoryBound(to: xmlParserCtxt.self).pointee.input.pointee
            errors.record(
                "Excessive depth in document: \(XMLPushParser.maximumDepth) use XML_PARSE_HUGE option",
                line: Int(input.line), column: Int(input.col))
            return stop(parser)
        }
        let tag = XMLStartTag(
            depth: depth, parser: parser, localNamePointer: localName, prefixPointer: prefix,
            attributePointers: attributes, attributeCount: attributeCount)
        do { try events.start(tag) } catch { return fail(error, parser: parser) }
        if events.isDone() { done(parser) }
    }

    func endElement(parser: UnsafeMutableRawPointer) {
        guard proceed(parser) else { return }
        progress.pointee.depth -= 1
        do { try events.end(progress.pointee.depth) } catch { return fail(error, parser: parser) }
        if events.isDone() { done(parser) }
    }

    func characters(parser: UnsafeMutableRawPointer, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard proceed(parser) else { return }
        events.text(bytes)
    }

    /// Records `error` as the parse's failure and stops the parser.
    func fail(_ error: any Error, parser: UnsafeMutableRawPointer) {
        if failure == nil, !errors.failed {
            failure = error as? BarometerError ?? BarometerError(.badData, "\(error)", at: SourceLocation(file: path))
        }
        stop(parser)
    }

    /// Whether an event may go to the handler: not once the parse is over, nor after libxml2
    /// reported an error (the pull reader throws at that point, so the handler sees no more).
    private func proceed(_ parser: UnsafeMutableRawPointer) -> Bool {
        if progress.pointee.stopped { return false }
        if errors.failed {
            stop(parser)
            return false
        }
        return true
    }

    private func done(_ parser: UnsafeMutableRawPointer) {
        progress.pointee.handlerIsDone = true
        stop(parser)
    }

    /// Stops libxml2 at the end of the current callback; called from callbacks only, where
    /// libxml2 expects it.
    private func stop(_ parser: UnsafeMutableRawPointer) {
        progress.pointee.stopped = true
        xmlStopParser(parser.assumingMemoryBound(to: xmlParserCtxt.self))
    }
}
