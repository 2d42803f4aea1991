/// `report.html`: one self-contained XHTML page (inline CSS and SVG, no scripts, fonts or
/// links to anything outside), for reading in a browser or printing to PDF.
///
/// The page is well-formed XML, so it can be parsed strictly; every text from the data, the
/// codebook or the pipeline is escaped.
public struct HTMLReportWriter: Sendable {
    public var language: ReportLanguage

    public init(language: ReportLanguage) {
        self.language = language
    }

    public func html(_ content: ReportContent) -> String {
        let document = ReportDocument(content, language: language)
        let chart = SVGChart(format: ReportNumberFormat(language))
        let e = HTMLText.escape
        var body = "<header><h1>\(e(document.title))</h1><p class=\"subtitle\">\(e(document.subtitle))</p></header>\n"
        for block in document.blocks {
            switch block {
            case .heading(let text): body += "<h2>\(e(text))</h2>\n"
            case .headline(let figure, let label, let detail):
                body += "<section class=\"headline\"><p class=\"figure\" id=\"headline-share\">\(e(figure))</p>"
                body += "<p class=\"what\">\(e(label))</p><p class=\"detail\" id=\"headline-detail\">\(e(detail))</p></section>\n"
            case .paragraph(let text): body += "<p>\(e(text))</p>\n"
            case .note(let text): body += "<p class=\"note\">\(e(text))</p>\n"
            case .barChart(let bars): body += "<figure>\(chart.bars(bars))</figure>\n"
            case .lineChart(let waves, let lines): body += "<figure>\(chart.lines(waves: waves, lines))</figure>\n"
            case .table(let table): body += Self.table(table)
            case .methods(let title, let entries):
                body += "<section class=\"methods\"><h2>\(e(title))</h2><dl>"
                for (term, text) in entries { body += "<dt>\(e(term))</dt><dd>\(e(text))</dd>" }
                body += "</dl></section>\n"
            }
        }
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(e(document.title)) \(e(content.wave))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private static func table(_ table: ReportDocument.TableBlock) -> String {
        let e = HTMLText.escape
        var html = "<table id=\"\(e(table.id))\"><thead><tr>"
        for (index, cell) in table.header.enumerated() { html += "<th\(index == 0 ? "" : " class=\"num\"")>\(e(cell))</th>" }
        html += "</tr></thead><tbody>"
        for (number, row) in table.rows.enumerated() {
            html += table.marked.contains(number) ? "<tr class=\"significant\">" : "<tr>"
            for (index, cell) in row.enumerated() { html += "<td\(index == 0 ? "" : " class=\"num\"")>\(e(cell))</td>" }
            html += "</tr>"
        }
        return html + "</tbody></table>\n"
    }

    static let style = """
        body{font-family:"Helvetica Neue",Helvetica,Arial,sans-serif;color:#1d2733;max-width:760px;margin:2em auto;padding:0 1em;line-height:1.45}
        h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.8em 0 .5em;border-bottom:1px solid #d5dbe1;padding-bottom:.2em}
        .subtitle{color:#5b6670;margin:0}.headline{background:#eef4f9;border-left:6px solid #1f5f8b;padding:1em 1.2em;margin:1.5em 0}
        .headline .figure{font-size:3em;font-weight:700;margin:0;color:#1f5f8b}.headline .what{font-size:1.15em;margin:.2em 0}
        .headline .detail{color:#3c4853;margin:0}table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.92em}
        th,td{padding:.3em .5em;border-bottom:1px solid #e3e7eb;text-align:left;vertical-align:top}th{background:#f4f6f8}
        .num{text-align:right;white-space:nowrap}tr.significant td{font-weight:700;background:#fff6e5}
        figure{margin:.5em 0}.chart{max-width:100%;height:auto}.chart text{font-size:13px;fill:#1d2733}
        .chart .tick{fill:#5b6670;font-size:12px}.chart .grid{stroke:#e3e7eb}.chart .bar{fill:#1f5f8b}
        .chart .whisker{stroke:#0d2a3e;stroke-width:1.5;fill:none}.note{color:#5b6670;font-size:.9em}
        .methods{background:#f7f7f4;border:1px solid #deded6;padding:.2em 1.2em 1em;margin-top:2em}
        .methods dt{font-weight:700;margin-top:.6em}.methods dd{margin:0}
        @media print{body{margin:0}.headline,.methods,tr.significant td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """
}
