import BarometerCore

/// Reads a generic record-per-respondent XML export: one element per respondent (its name
/// given by the caller, e.g. `respondent`, at any depth), with one attribute or child element
/// per variable.
///
/// ```xml
/// <respondents>
///   <respondent id="17"><q1>3</q1><q2>Odense</q2></respondent>
/// </respondents>
/// ```
///
/// Streamed: memory holds the columns being built, not the document. Variables are columns
/// in the order first met (attributes before children); a variable a record lacks, or an
/// empty element, is missing. A child's value is all text inside it, trimmed. Types are
/// inferred as for CSV: `Int32`, then `Double`, then text, with canonical numbers only (`007`
/// and `+3` are text). Namespace declarations and `xsi:` attributes are not variables.
///
/// Rejected: a record that gives one variable twice. Errors: a record nested in a record, no
/// record element at all (usually a misspelt element name). `Dataset.sourceLines` are the
/// lines of the record start tags.
public struct RecordXMLReader: Sendable {
    /// The local name of the element that holds one respondent.
    public var recordElement: String

    public init(recordElement: String) {
        self.recordElement = recordElement
    }

    private static let instanceNamespace = "http://www.w3.org/2001/XMLSchema-instance"
    private static let numbers = NumberParser(acceptsComma: false)

    public func read(path: String) throws -> ExtractResult {
        let reader = try XMLStreamReader(path: path)
        let recordName = Array(recordElement.utf8)
        var columns: [ColumnBuilder] = []
        var names: [String] = []
        var indexByName: [String: Int] = [:]
        var sourceLines: [Int32] = []
        var rejects: [RejectedRow] = []
        var rowsRead = 0
        var rootName: String? = nil
        var firstChildNames: [String] = []

        // The current record: variable index → value range in `valueBytes`.
        var values: [(index: Int, range: Range<Int>)] = []
        var valueBytes: [UInt8] = []
        var seen: Set<Int> = []

        var indexByNameIdentity: [Int: Int] = [:]

        func variableIndex(_ name: String) -> Int {
            if let index = indexByName[name] { return index }
            names.append(name)
            columns.append(ColumnBuilder(inferring: name, missing: sourceLines.count))
            indexByName[name] = names.count - 1
            return names.count - 1
        }

        while try reader.read() {
            guard reader.kind == .startElement else { continue }
            guard reader.localNameIs(recordName) else {
                if rootName == nil { rootName = reader.qualifiedName }
                if reader.depth == 1, firstChildNames.count < 3, !firstChildNames.contains(reader.qualifiedName) {
                    firstChildNames.append(reader.qualifiedName)
                }
                continue
            }
            let line = reader.line
            rowsRead += 1
            values.removeAll(keepingCapacity: true)
            valueBytes.removeAll(keepingCapacity: true)
            seen.removeAll(keepingCapacity: true)
            var duplicate: (name: String, line: Int)? = nil

            func add(_ index: Int, line: Int, _ fill: (inout [UInt8]) throws -> Void) rethrows {
                let start = valueBytes.count
                try fill(&valueBytes)
                XMLWhitespace.trim(&valueBytes, from: start)
                if !seen.insert(index).inserted {
                    if duplicate == nil { duplicate = (names[index], line) }
                    return
                }
                values.append((index, start..<valueBytes.count))
            }

            for attribute in reader.attributes() where attribute.namespace != Self.instanceNamespace {
                add(variableIndex(attribute.localName), line: line) { $0.append(contentsOf: attribute.value.utf8) }
            }
            if !reader.isEmptyElement {
                let recordDepth = reader.depth
                var more = try reader.read()
                while more {
                    if reader.kind == .endElement, reader.depth == recordDepth { break }
                    if reader.kind == .startElement {
                        if reader.localNameIs(recordName) {
                            throw BarometerError(
                                .badData, "<\(recordElement)> inside <\(recordElement)> (from line \(line)): records cannot nest",
                                at: SourceLocation(file: path, line: reader.line))
                        }
                        let identity = reader.localNameIdentity
                        let index = indexByNameIdentity[identity] ?? variableIndex(reader.localName)
                        indexByNameIdentity[identity] = index
                        try add(index, line: reader.line) { try reader.appendElementText(to: &$0) }
                    }
                    more = try reader.read()
                }
            }

            if let duplicate {
                let raw = values.map { "\(names[$0.index])=\(String(decoding: valueBytes[$0.range], as: UTF8.self))" }
                    .joined(separator: " ")
                rejects.append(
                    RejectedRow(
                        location: SourceLocation(file: path, line: duplicate.line), variable: duplicate.name,
                        reason: "the record gives \(duplicate.name) twice", raw: raw))
                continue
            }
            values.sort { $0.index < $1.index }
            var filled = 0
            valueBytes.withUnsafeBufferPointer { bytes in
                for value in values {
                    columns.appendMissing(filled..<value.index)
                    _ = columns[value.index].append(inferring: UnsafeBufferPointer(rebasing: bytes[value.range]), with: Self.numbers)
                    filled = value.index + 1
                }
            }
            columns.appendMissing(filled..<columns.count)
            sourceLines.append(Int32(clamping: line))
        }

        guard rowsRead > 0 else {
            let found =
                firstChildNames.isEmpty ? "" : "; the root <\(rootName ?? "?")> holds \(firstChildNames.map { "<\($0)>" }.joined(separator: ", "))"
            throw BarometerError(
                .badData, "no <\(recordElement)> elements in the file\(found)", at: SourceLocation(file: path))
        }
        var codebook = Codebook()
        var result: [Column] = []
        for (index, builder) in columns.enumerated() {
            let (column, variable) = builder.inferredColumn(named: names[index])
            result.append(column)
            codebook.add(variable)
        }
        let dataset = Dataset(sourceFile: path, sourceLines: sourceLines, columns: result, codebook: codebook)
        return ExtractResult(dataset: dataset, rejects: rejects, rowsRead: rowsRead)
    }
}
