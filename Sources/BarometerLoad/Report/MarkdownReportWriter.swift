/// `report.md`: the report's content as Markdown headings and tables, for wikis and e-mails.
/// Charts are left out; their figures are in the tables beside them.
public struct MarkdownReportWriter: Sendable {
    public var language: ReportLanguage

    public init(language: ReportLanguage) {
        self.language = language
    }

    public func markdown(_ content: ReportContent) -> String {
        let document = ReportDocument(content, language: language)
        let e = Self.escape
        var out = "# \(e(document.title))\n\n\(e(document.subtitle))\n\n"
        for block in document.blocks {
            switch block {
            case .heading(let text): out += "## \(e(text))\n\n"
            case .headline(let figure, let label, let detail): out += "**\(e(figure))** \(e(label))  \n\(e(detail))\n\n"
            case .paragraph(let text): out += "\(e(text))\n\n"
            case .note(let text): out += "*\(e(text))*\n\n"
            case .barChart, .lineChart: continue
            case .table(let table):
                out += "| " + table.header.map(e).joined(separator: " | ") + " |\n"
                out += "|" + table.header.indices.map { $0 == 0 ? "---|" : "---:|" }.joined() + "\n"
                for (number, row) in table.rows.enumerated() {
                    let cells = row.map(e)
                    out += "| " + (table.marked.contains(number) ? cells.map { "**\($0)**" } : cells).joined(separator: " | ") + " |\n"
                }
                out += "\n"
            case .methods(let title, let entries):
                out += "## \(e(title))\n\n"
                for (term, text) in entries { out += "- **\(e(term))**: \(e(text))\n" }
                out += "\n"
            }
        }
        return out
    }

    /// Text safe in a Markdown paragraph or table cell: markup characters backslash-escaped,
    /// line breaks as spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "|", "*", "_", "`", "[", "]", "<", ">", "#": out += "\\\(character)"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
