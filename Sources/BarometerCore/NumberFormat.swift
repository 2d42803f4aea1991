/// How Barometer writes numbers into tables: shortest round-trip form, dot decimal separator.
public enum NumberFormat {
    /// The shortest text that parses back to exactly `value` (Swift's `description` is
    /// round-trip exact); integral values lose the trailing `.0`; NaN becomes "" (missing).
    public static func roundTrip(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
