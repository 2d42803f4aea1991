import BarometerAggregate

/// The report as a sequence of blocks, written alike as HTML and as Markdown so the two always
/// show the same figures. All text is plain (unescaped); the writers escape it.
struct ReportDocument: Sendable {
    /// A table; `id` names it for tests and styling.
    struct TableBlock: Sendable {
        var id: String
        var header: [String]
        var rows: [[String]]
        /// Rows whose figures are significant (marked ★).
        var marked: Set<Int> = []
    }

    /// One bar of a bar chart: a share with its interval; nil when suppressed.
    struct Bar: Sendable {
        var label: String
        var value: Double?
        var low: Double
        var high: Double
    }

    /// One line of the trend chart: an indicator's share by wave.
    struct Line: Sendable {
        var label: String
        var points: [(wave: String, value: Double?)]
    }

    enum Block: Sendable {
        case heading(String)
        /// The headline figure, what it is, and its interval and n.
        case headline(figure: String, label: String, detail: String)
        case paragraph(String)
        case note(String)
        case barChart([Bar])
        case lineChart(waves: [String], lines: [Line])
        case table(TableBlock)
        /// The methods box: term and explanation.
        case methods(title: String, entries: [(String, String)])
    }

    var language: ReportLanguage
    var title: String
    var subtitle: String
    var blocks: [Block] = []

    /// Lays out `content` in the report's order: headline, sub-elements, value comparison,
    /// breakdowns, trend, methods.
    init(_ content: ReportContent, language: ReportLanguage) {
        self.language = language
        let words = ReportWords(language: language)
        let format = ReportNumberFormat(language)
        title = content.title.isEmpty ? content.pipeline : content.title
        subtitle = "\(words.wave) \(content.wave) · \(content.pipeline) · \(words.run) \(content.run)"

        if let headline = content.overall(content.headline) {
            blocks.append(
                .headline(
                    figure: headline.suppression == nil ? format.percent(headline.estimate.estimate) : "–",
                    label: headline.indicatorLabel,
                    detail: "\(words.intervalLabel(headline.confidenceLevel, format)) "
                        + "\(format.percentInterval(headline.interval.low, headline.interval.high)) · n = "
                        + format.number(Double(headline.estimate.unweightedCount))))
        }
        let parts = ([content.headline] + content.subElements).compactMap(content.overall)
        if !parts.isEmpty {
            blocks.append(.heading(words.subElements))
            blocks.append(.barChart(parts.dropFirst().map { Self.bar($0, label: $0.indicatorLabel) }))
            blocks.append(.table(shareTable("sub-elements", firstColumn: words.indicator, parts, label: \.indicatorLabel, words, format)))
        }
        addComparisons(content, words, format)
        var anySuppressed = false
        for breakdown in content.breakdowns {
            let rows = content.estimates.filter { $0.indicator == content.headline && $0.group == breakdown.variable }
            guard !rows.isEmpty else { continue }
            anySuppressed = anySuppressed || rows.contains { $0.suppression != nil }
            blocks.append(.heading("\(words.breakdownBy): \(breakdown.label)"))
            blocks.append(.paragraph(rows[0].indicatorLabel))
            blocks.append(.barChart(rows.map { Self.bar($0, label: $0.levelLabel) }))
            blocks.append(
                .table(shareTable("breakdown-\(breakdown.variable)", firstColumn: words.level, rows, label: \.levelLabel, words, format)))
        }
        if anySuppressed { blocks.append(.note(words.suppressedNote)) }
        addTrend(content, words, format)
        addMethods(content, words, format)
    }

    private static func bar(_ row: EstimateRow, label: String) -> Bar {
        Bar(
            label: label, value: row.suppression == nil ? row.estimate.estimate : nil, low: row.interval.low,
            high: row.interval.high)
    }

    /// Label, share, interval and n of each row (`–` for a suppressed figure).
    private func shareTable(
        _ id: String, firstColumn: String, _ rows: [EstimateRow], label: KeyPath<EstimateRow, String>, _ words: ReportWords,
        _ format: ReportNumberFormat
    ) -> TableBlock {
        TableBlock(
            id: id,
            header: [firstColumn, words.share, words.intervalLabel(rows.first?.confidenceLevel ?? 0.95, format), "n"],
            rows: rows.map { row in
                let shown = row.suppression == nil
                return [
                    words.levelLabel(row[keyPath: label]), shown ? format.percent(row.estimate.estimate) : "–",
                    shown ? format.percentInterval(row.interval.low, row.interval.high) : "–",
                    format.number(Double(row.estimate.unweightedCount)),
                ]
            })
    }

    /// One table per comparison: each outcome's share per group level, the difference from the
    /// first level, the adjusted p-value and ★ where significant.
    private mutating func addComparisons(_ content: ReportContent, _ words: ReportWords, _ format: ReportNumberFormat) {
        var names: [String] = []
        for row in content.comparisons where !names.contains(row.comparison) { names.append(row.comparison) }
        for name in names {
            let rows = content.comparisons.filter { $0.comparison == name }
            var levels: [(code: String, label: String)] = []
            for row in rows where !levels.contains(where: { $0.code == row.level }) { levels.append((row.level, row.levelLabel)) }
            var outcomes: [String] = []
            for row in rows where !outcomes.contains(row.outcome) { outcomes.append(row.outcome) }
            let groupLabel = content.overall(rows[0].group)?.indicatorLabel ?? rows[0].group
            var table = TableBlock(
                id: "comparison-\(name)",
                header: [words.outcome] + levels.map { words.levelLabel($0.label) }
                    + (levels.count > 1 ? [words.difference] : []) + [words.pAdjusted, words.significant],
                rows: [])
            for outcome in outcomes {
                let cells = rows.filter { $0.outcome == outcome }
                let shares = levels.map { level in
                    cells.first { $0.level == level.code }.map { $0.suppression == nil ? format.percent($0.estimate.estimate) : "–" } ?? "–"
                }
                let last = cells.last!
                let differences = levels.count > 1 ? [last.difference.isNaN ? "–" : format.points(last.difference)] : []
                let significant = last.isSignificant
                if significant == true { table.marked.insert(table.rows.count) }
                table.rows.append(
                    [cells[0].outcomeLabel] + shares + differences
                        + [last.adjustedPValue.isNaN ? "–" : format.pValue(last.adjustedPValue),
                           significant.map { $0 ? "★ " + words.yes : words.no } ?? "–"])
            }
            blocks.append(.heading(words.value))
            blocks.append(.paragraph("\(words.shareBy) \(groupLabel.lowercasedFirst)"))
            blocks.append(.table(table))
            blocks.append(.note(words.significantNote + (words.testText(content.methods, format).map { ": " + $0 } ?? "")))
        }
    }

    /// The trend chart and table, when the database holds more than one wave of the series.
    private mutating func addTrend(_ content: ReportContent, _ words: ReportWords, _ format: ReportNumberFormat) {
        var waves: [String] = []
        for point in content.trend.sorted(by: { $0.wave < $1.wave }) where !waves.contains(point.wave) { waves.append(point.wave) }
        guard waves.count > 1 else { return }
        let indicators = [content.headline] + content.subElements
        let lines = indicators.compactMap { indicator -> Line? in
            let points = content.trend.filter { $0.indicator == indicator }
            guard let first = points.first else { return nil }
            return Line(
                label: first.indicatorLabel,
                points: waves.map { wave in (wave, points.first { $0.wave == wave }?.estimate) })
        }
        blocks.append(.heading(words.trend))
        blocks.append(.lineChart(waves: waves, lines: lines))
        blocks.append(
            .table(
                TableBlock(
                    id: "trend", header: [words.indicator] + waves,
                    rows: lines.map { line in [line.label] + line.points.map { $0.value.map(format.percent) ?? "–" } })))
    }

    private mutating func addMethods(_ content: ReportContent, _ words: ReportWords, _ format: ReportNumberFormat) {
        let methods = content.methods
        var entries: [(String, String)] = [
            (words.universe, words.universeText(methods, format)),
            (words.weighting, words.weightingText(methods, format)),
            (words.intervalMethod, words.intervalText(methods, format)),
        ]
        if let test = words.testText(methods, format) { entries.append((words.test, test)) }
        entries.append((words.suppression, words.suppressionText(methods.suppression)))
        entries.append((words.source, methods.sources.joined(separator: ", ")))
        entries.append((words.run, "\(content.pipeline) · \(words.wave.lowercased()) \(content.wave) · \(content.run)"))
        blocks.append(.methods(title: words.methods, entries: entries))
    }
}

extension String {
    /// "Frivillige foreninger ..." as "frivillige foreninger ...", to follow a lead-in.
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
