import Foundation

/// The report's two charts as inline SVG: horizontal bars with interval whiskers, and lines
/// over waves. Text is escaped; sizes are fixed so the page prints the same everywhere.
struct SVGChart: Sendable {
    let format: ReportNumberFormat
    static let colors = ["#1f5f8b", "#d9822b", "#3a8a4f", "#8e4a9a", "#b23a48"]

    /// Shares run from 0 to the next 10 % above the highest value or interval limit.
    private static func scaleTop(_ values: [Double]) -> Double {
        let top = values.filter { !$0.isNaN }.max() ?? 0.1
        return min(1, max(0.1, (top * 10).rounded(.up) / 10))
    }

    func bars(_ bars: [ReportDocument.Bar]) -> String {
        let labelWidth = 330.0, plotWidth = 300.0, row = 32.0, top = 10.0
        let height = top + row * Double(bars.count) + 26
        let scale = Self.scaleTop(bars.flatMap { [$0.value ?? .nan, $0.high] })
        let x = { (share: Double) in labelWidth + 10 + plotWidth * share / scale }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"720\" height=\"\(Int(height))\" viewBox=\"0 0 720 \(Int(height))\" role=\"img\">"
        for tick in stride(from: 0.0, through: scale + 1e-9, by: scale / 5) {
            svg += "<line x1=\"\(x(tick))\" y1=\"\(top - 4)\" x2=\"\(x(tick))\" y2=\"\(height - 22)\" class=\"grid\"/>"
            svg += "<text x=\"\(x(tick))\" y=\"\(height - 6)\" class=\"tick\" text-anchor=\"middle\">\(HTMLText.escape(format.number(tick * 100) + format.percentSign))</text>"
        }
        for (index, bar) in bars.enumerated() {
            let y = top + row * Double(index)
            svg += "<text x=\"\(labelWidth)\" y=\"\(y + 20)\" text-anchor=\"end\" class=\"label\">\(HTMLText.escape(bar.label))</text>"
            guard let value = bar.value else {
                svg += "<text x=\"\(x(0) + 4)\" y=\"\(y + 20)\" class=\"value\">–</text>"
                continue
            }
            svg += "<rect x=\"\(x(0))\" y=\"\(y + 6)\" width=\"\(x(value) - x(0))\" height=\"\(row - 12)\" class=\"bar\"/>"
            if !bar.low.isNaN, !bar.high.isNaN {
                svg += "<path d=\"M\(x(bar.low)) \(y + 16)H\(x(bar.high))M\(x(bar.low)) \(y + 10)V\(y + 22)M\(x(bar.high)) \(y + 10)V\(y + 22)\" class=\"whisker\"/>"
            }
            svg += "<text x=\"\(max(x(value), bar.high.isNaN ? x(value) : x(bar.high)) + 6)\" y=\"\(y + 20)\" class=\"value\">\(HTMLText.escape(format.percent(value)))</text>"
        }
        return svg + "</svg>"
    }

    func lines(waves: [String], _ lines: [ReportDocument.Line]) -> String {
        let left = 60.0, right = 110.0, top = 20.0, plotHeight = 220.0, width = 720.0
        let legendTop = top + plotHeight + 40
        let height = legendTop + 22 * Double(lines.count)
        let scale = Self.scaleTop(lines.flatMap { $0.points.compactMap(\.value) })
        // The first wave's value labels sit between the axis and the points, the last wave's right of them.
        let inset = 70.0
        let step = waves.count > 1 ? (width - left - inset - right) / Double(waves.count - 1) : 0
        let x = { (index: Int) in left + inset + step * Double(index) }
        let y = { (share: Double) in top + plotHeight * (1 - share / scale) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"720\" height=\"\(Int(height))\" viewBox=\"0 0 720 \(Int(height))\" role=\"img\">"
        for tick in stride(from: 0.0, through: scale + 1e-9, by: scale / 5) {
            svg += "<line x1=\"\(left)\" y1=\"\(y(tick))\" x2=\"\(width - right)\" y2=\"\(y(tick))\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 8)\" y=\"\(y(tick) + 4)\" class=\"tick\" text-anchor=\"end\">\(HTMLText.escape(format.number(tick * 100) + format.percentSign))</text>"
        }
        for (index, wave) in waves.enumerated() {
            svg += "<text x=\"\(x(index))\" y=\"\(top + plotHeight + 20)\" class=\"tick\" text-anchor=\"middle\">\(HTMLText.escape(wave))</text>"
        }
        let labelY = Self.spreadLabels(waves.indices.map { index in lines.map { $0.points[index].value.map(y) } })
        for (number, line) in lines.enumerated() {
            let color = Self.colors[number % Self.colors.count]
            let points = line.points.enumerated().compactMap { index, point in point.value.map { (x(index), y($0), $0, index) } }
            let path = points.enumerated().map { "\($0 == 0 ? "M" : "L")\($1.0) \($1.1)" }.joined()
            if !path.isEmpty { svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(number == 0 ? 3 : 2)\"/>" }
            for point in points {
                svg += "<circle cx=\"\(point.0)\" cy=\"\(point.1)\" r=\"4\" fill=\"\(color)\"/>"
                let last = point.3 == waves.count - 1
                svg += "<text x=\"\(point.0 + (last ? 9 : -9))\" y=\"\(labelY[point.3][number] + 4)\" class=\"value\" text-anchor=\"\(last ? "start" : "end")\" fill=\"\(color)\">\(HTMLText.escape(format.percent(point.2)))</text>"
            }
            let legendY = legendTop + 22 * Double(number)
            svg += "<rect x=\"\(left)\" y=\"\(legendY - 10)\" width=\"14\" height=\"4\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(left + 22)\" y=\"\(legendY - 4)\" class=\"label\">\(HTMLText.escape(line.label))</text>"
        }
        return svg + "</svg>"
    }

    /// For each wave, the heights of the lines' value labels: at their points, pushed apart
    /// to at least 15 px so close values stay readable.
    private static func spreadLabels(_ waves: [[Double?]]) -> [[Double]] {
        waves.map { heights in
            var placed = heights.map { $0 ?? 0 }
            var previous = -Double.infinity
            for index in heights.indices.filter({ heights[$0] != nil }).sorted(by: { placed[$0] < placed[$1] }) {
                placed[index] = max(placed[index], previous + 15)
                previous = placed[index]
            }
            return placed
        }
    }
}
