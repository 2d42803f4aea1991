import BarometerCore
internal import CLibXML2

/// Checks a small XML document against a DTD the program holds, with libxml2's validator.
///
/// The DTD is the caller's, never the one the document names: a `DOCTYPE` pointing at a web
/// address or a local file is not followed, nothing is read from disk or network, and
/// entities are not substituted (the same options as `XMLStreamReader`). The document's
/// internal subset is set aside while validating. Meant for metadata files (kilobytes): the
/// whole document is held as a tree.
struct XMLDTDValidator: Sendable {
    /// One place where the document breaks the DTD.
    struct Finding: Sendable, Equatable {
        var message: String
        var line: Int?
    }

    /// The DTD's text.
    let dtd: String

    private static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// What in `bytes` breaks the DTD, in document order; empty when it conforms. A document
    /// that is not well-formed gives no findings: the reader reports that.
    func findings(in bytes: [UInt8], path: String) -> [Finding] {
        LibXML2.initializeOnce()
        let collector = Collector()
        // libxml2 reports validity errors through the thread's structured error handler.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque()) { context, error in
            guard let context, let error else { return }
            Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32(buffer.count), path, nil, Self.options) }
        }
        guard let document = parsed else { return [] }
        defer { xmlFreeDoc(document) }
        collector.findings.removeAll()
        var text = Array(dtd.utf8CString)
        let definition = text.withUnsafeMutableBufferPointer { buffer -> xmlDtdPtr? in
            // xmlIOParseDTD frees the input buffer, whatever happens.
            let input = xmlParserInputBufferCreateMem(buffer.baseAddress, Int32(buffer.count - 1), XML_CHAR_ENCODING_UTF8)
            return xmlIOParseDTD(nil, input, XML_CHAR_ENCODING_UTF8)
        }
        guard let definition else { preconditionFailure("the built-in DTD does not parse: \(collector.findings)") }
        defer { xmlFreeDtd(definition) }
        guard let context = xmlNewValidCtxt() else { return [] }
        defer { xmlFreeValidCtxt(context) }
        // The context's own callbacks print to stderr; the structured handler above gets all.
        context.pointee.error = nil
        context.pointee.warning = nil
        xmlValidateDtd(context, document, definition)
        return collector.findings
    }

    /// Gathers the findings libxml2 reports during one validation.
    private final class Collector {
        var findings: [Finding] = []

        func record(_ error: xmlError) {
            let message = error.message.map { XMLWhitespace.trimmed(String(cString: $0)) } ?? "invalid"
            findings.append(Finding(message: message, line: error.line > 0 ? Int(error.line) : nil))
        }
    }
}
