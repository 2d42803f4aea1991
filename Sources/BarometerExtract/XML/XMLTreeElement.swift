import BarometerCore

/// A small in-memory element tree, for metadata documents (Triple-S `.sss`) that are read
/// whole; survey data itself is always streamed with `XMLStreamReader`.
///
/// Each element knows where its start tag is, so metadata errors can point at it.
struct XMLTreeElement: Sendable {
    /// A piece of an element's content, in document order.
    enum Content: Sendable {
        case element(XMLTreeElement)
        case text(String)
    }

    /// The name without its namespace prefix.
    var name: String
    var attributes: [XMLAttribute]
    var content: [Content]
    /// File, line and character column of the start tag's `<`.
    var location: SourceLocation

    /// The attribute whose name as written is `name` (`"ident"`, `"xml:lang"`), or nil.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The child elements, in order.
    var elements: [XMLTreeElement] {
        content.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The child elements called `name`, in order.
    func elements(named name: String) -> [XMLTreeElement] {
        elements.filter { $0.name == name }
    }

    /// The first child element called `name`.
    func element(named name: String) -> XMLTreeElement? {
        for case .element(let element) in content where element.name == name { return element }
        return nil
    }

    /// The element's own character data, without that of child elements.
    var directText: String {
        content.reduce(into: "") { text, part in
            if case .text(let piece) = part { text += piece }
        }
    }

    /// All character data inside the element; a `<br/>` reads as a space.
    var allText: String {
        content.reduce(into: "") { text, part in
            switch part {
            case .text(let piece): text += piece
            case .element(let element): text += element.name == "br" ? " " : element.allText
            }
        }
    }

    /// Parses a whole document held in `bytes`; `path` names it in locations and errors.
    ///
    /// - Returns: the root element and the encoding the XML declaration names, if any.
    /// - Throws: `.badData` for anything `XMLStreamReader` refuses.
    static func parse(bytes: [UInt8], path: String) throws -> (root: XMLTreeElement, declaredEncoding: String?) {
        let reader = try XMLStreamReader(bytes: bytes, path: path)
        var locator: XMLTagLocator? = nil
        var stack: [XMLTreeElement] = []
        var root: XMLTreeElement? = nil
        var encoding: String? = nil

        func close() {
            let finished = stack.removeLast()
            if stack.isEmpty {
                root = finished
            } else {
                stack[stack.count - 1].content.append(.element(finished))
            }
        }

        while try reader.read() {
            switch reader.kind {
            case .startElement:
                if locator == nil {
                    encoding = reader.declaredEncoding
                    locator = XMLTagLocator(bytes: bytes, declaredEncoding: encoding)
                }
                let line = reader.line
                let column = locator?.column(ofStartTag: reader.qualifiedName, line: line)
                stack.append(
                    XMLTreeElement(
                        name: reader.localName, attributes: reader.attributes(), content: [],
                        location: SourceLocation(file: path, line: line, column: column)))
                if reader.isEmptyElement { close() }
            case .endElement:
                close()
            case .text:
                guard !stack.isEmpty else { continue }
                if case .text(let previous) = stack[stack.count - 1].content.last {
                    stack[stack.count - 1].content[stack[stack.count - 1].content.count - 1] =
                        .text(previous + reader.text)
                } else {
                    stack[stack.count - 1].content.append(.text(reader.text))
                }
            case .other:
                continue
            }
        }
        guard let root else {
            throw BarometerError(.badData, "the document has no root element", at: SourceLocation(file: path))
        }
        return (root, encoding)
    }
}
