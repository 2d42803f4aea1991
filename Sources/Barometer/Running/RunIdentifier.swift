import Foundation

/// A run's name: its UTC start time to the millisecond, e.g. `20261122T231501.042Z`.
///
/// Sorting the names sorts the runs by time, which is how old runs are pruned.
public enum RunIdentifier {
    public static func make(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return formatter.string(from: date)
    }
}
