import BarometerCore

/// Writes a table as RFC 4180 CSV: comma separated, UTF-8, LF line ends, dots as decimal
/// separators, quotes only where a cell needs them.
///
/// Published tables are opened in spreadsheets, which run a cell that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return as a formula ("CSV injection"). Text cells that start
/// so get a leading `'`, which spreadsheets show as text; numbers are typed and never touched.
/// JSON outputs keep the text as it was.
public struct CSVTableWriter: Sendable {
    /// Whether text cells that a spreadsheet would run as formulas are neutralised.
    public var neutralizesFormulas: Bool

    public init(neutralizesFormulas: Bool = true) {
        self.neutralizesFormulas = neutralizesFormulas
    }

    /// Whether a spreadsheet would take `text` for a formula.
    public static func looksLikeFormula(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        return first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@") || first == 9 || first == 13
    }

    public func bytes(of table: Table) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * (table.rows.count + 1) * max(1, table.columns.count))
        appendRow(table.columns.map { .text($0) }, to: &out)
        for row in table.rows { appendRow(row, to: &out) }
        return out
    }

    private func appendRow(_ cells: [Table.Cell], to out: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            switch cell {
            case .text(let text):
                appendQuotedIfNeeded(neutralizesFormulas && Self.looksLikeFormula(text) ? "'" + text : text, to: &out)
            case .number(let value): out.append(contentsOf: NumberFormat.roundTrip(value).utf8)
            case .integer(let value): out.append(contentsOf: String(value).utf8)
            case .boolean(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
            case .missing: break
            }
        }
        out.append(UInt8(ascii: "\n"))
    }

    private func appendQuotedIfNeeded(_ text: String, to out: inout [UInt8]) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
