import BarometerCore

/// How a delimited export is written: separator, character encoding, decimal mark, header.
///
/// Every field may be `auto`, the default: the delimiter is sniffed from the header line, the
/// encoding from a byte-order mark or else UTF-8 validity (Windows-1252 otherwise), and a
/// decimal comma is accepted whenever the delimiter is not a comma.
///
/// ```yaml
/// dialect: { delimiter: ";", encoding: windows-1252, decimal: "," }
/// ```
public struct CSVDialect: Sendable, Equatable, Decodable {
    public enum Delimiter: Sendable, Equatable {
        case auto
        case byte(UInt8)
    }

    public enum Decimal: Sendable, Equatable {
        /// `.` always; `,` too when the delimiter is not `,`.
        case auto
        case point
        case comma
    }

    public var delimiter: Delimiter = .auto
    public var encoding: TextEncoding = .auto
    public var decimal: Decimal = .auto
    /// Whether the first line names the columns.
    public var header = true

    public init(delimiter: Delimiter = .auto, encoding: TextEncoding = .auto, decimal: Decimal = .auto, header: Bool = true) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.decimal = decimal
        self.header = header
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case delimiter, encoding, decimal, header }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .delimiter) {
            switch text {
            case "auto": delimiter = .auto
            case "tab", "\\t", "\t": delimiter = .byte(9)
            case ";", ",", "|": delimiter = .byte(text.utf8.first!)
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .delimiter, in: container, debugDescription: "delimiter must be auto, \";\", \",\", tab or \"|\"")
            }
        }
        if let text = try container.decodeIfPresent(String.self, forKey: .encoding) {
            guard let value = TextEncoding(name: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .encoding, in: container,
                    debugDescription: "encoding must be one of \(TextEncoding.names.joined(separator: ", "))")
            }
            encoding = value
        }
        if let text = try container.decodeIfPresent(String.self, forKey: .decimal) {
            switch text {
            case "auto": decimal = .auto
            case ".": decimal = .point
            case ",": decimal = .comma
            default:
                throw DecodingError.dataCorruptedError(forKey: .decimal, in: container, debugDescription: "decimal must be auto, \".\" or \",\"")
            }
        }
        header = try container.decodeIfPresent(Bool.self, forKey: .header) ?? true
    }

    /// The delimiter to use for `text`: the configured one, or the most frequent of `;` `,` tab
    /// `|` outside quotes on the first line (`,` when none occurs).
    func resolvedDelimiter(for text: UnsafeRawBufferPointer) -> UInt8 {
        if case .byte(let byte) = delimiter { return byte }
        let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 9, UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in text {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == 10 || byte == 13 { break }
            if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? candidates[best] : UInt8(ascii: ",")
    }

    /// The decimal marks accepted with `delimiter`.
    func acceptsComma(delimiter: UInt8) -> Bool {
        switch decimal {
        case .auto: delimiter != UInt8(ascii: ",")
        case .point: false
        case .comma: true
        }
    }
}
