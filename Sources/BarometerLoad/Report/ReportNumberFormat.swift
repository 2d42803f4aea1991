import Foundation

/// Numbers as the report's language writes them: `15,9 %`, `1.878` and `0,013` in Danish;
/// `15.9%`, `1,878` and `0.013` in English. The digits never depend on the machine's locale.
public struct ReportNumberFormat: Sendable {
    public var language: ReportLanguage

    public init(_ language: ReportLanguage) {
        self.language = language
    }

    private var decimalMark: String { language == .danish ? "," : "." }
    private var groupMark: String { language == .danish ? "." : "," }
    /// Danish puts a (non-breaking) space before the per cent sign, English none.
    public var percentSign: String { language == .danish ? "\u{00A0}%" : "%" }

    /// `value` with `decimals` digits after the decimal mark and thousands grouped.
    public func number(_ value: Double, decimals: Int = 0) -> String {
        let plain = String(format: "%.\(decimals)f", abs(value))
        let parts = plain.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = groupMark + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        let sign = value < 0 && plain.contains(where: { $0 != "0" && $0 != "." }) ? "−" : ""
        return sign + whole + grouped + (parts.count > 1 ? decimalMark + parts[1] : "")
    }

    /// A share (0 to 1) in per cent with one decimal: `15,9 %`.
    public func percent(_ share: Double) -> String { number(share * 100, decimals: 1) + percentSign }

    /// An interval in per cent: `14,1–17,8 %`.
    public func percentInterval(_ low: Double, _ high: Double) -> String {
        low.isNaN || high.isNaN ? "–" : number(low * 100, decimals: 1) + "–" + number(high * 100, decimals: 1) + percentSign
    }

    /// A difference of shares in percentage points, signed: `+4,4` / `−2,6`.
    public func points(_ difference: Double) -> String {
        (difference > 0 ? "+" : "") + number(difference * 100, decimals: 1)
    }

    /// A p-value with three decimals, `< 0,001` below that.
    public func pValue(_ p: Double) -> String { p < 0.001 ? "< " + number(0.001, decimals: 3) : number(p, decimals: 3) }
}
