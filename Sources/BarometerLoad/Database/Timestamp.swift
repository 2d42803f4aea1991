import Foundation

/// Times as the manifest and the database write them: UTC, ISO 8601 with milliseconds.
public enum Timestamp {
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
