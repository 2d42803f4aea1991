import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A report page parsed as XML (libxml2 through Foundation): any markup error fails the parse.
/// Keeps the text of each table's cells, by table id, and of elements with an id.
final class StrictHTML: NSObject, XMLParserDelegate {
    private(set) var tables: [String: [[String]]] = [:]
    private(set) var textByID: [String: String] = [:]
    private(set) var elements: [String] = []
    private var table: String?
    private var row: [String]?
    private var cell: String?
    private var idStack: [String?] = []

    static func parse(_ text: String) throws -> StrictHTML {
        // The HTML5 doctype has no DTD; XML parsers accept it as written.
        let parser = XMLParser(data: Data(text.utf8))
        let page = StrictHTML()
        parser.delegate = page
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            throw parser.parserError ?? NSError(domain: "StrictHTML", code: parser.lineNumber)
        }
        return page
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(name)
        if name == "table" { table = attributes["id"]; tables[table ?? ""] = [] }
        if name == "tr" { row = [] }
        if name == "td" || name == "th" { cell = "" }
        idStack.append(attributes["id"])
        if let id = attributes["id"] { textByID[id] = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if cell != nil { cell! += string }
        for case let id? in idStack { textByID[id]! += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        idStack.removeLast()
        if name == "td" || name == "th", let text = cell { row?.append(text); cell = nil }
        if name == "tr", let finished = row, let table { tables[table]!.append(finished); row = nil }
        if name == "table" { table = nil }
    }
}
