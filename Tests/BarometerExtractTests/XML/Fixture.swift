import BarometerCore
import Testing

/// Paths of the files in `Tests/BarometerExtractTests/XML/Fixtures`, found from this file's
/// own path so tests run from any working directory.
enum Fixture {
    static func path(_ name: String) -> String {
        let this = #filePath
        let directory = this[..<this.lastIndex(of: "/")!]
        return "\(directory)/Fixtures/\(name)"
    }
}

extension Column {
    /// Every value as tables write it ("" for missing), for exact comparisons.
    var texts: [String] { (0..<count).map { text(at: $0) } }

    /// The integer values, nil for missing; nil overall if the column is not `Int32`.
    var integers: [Int32?]? {
        guard case .integer(let values) = values else { return nil }
        return values.map { $0 == Column.missingCode ? nil : $0 }
    }

    /// The real values, nil for missing; nil overall if the column is not `Double`.
    var reals: [Double?]? {
        guard case .real(let values) = values else { return nil }
        return values.map { $0.isNaN ? nil : $0 }
    }

    var isText: Bool {
        if case .text = values { return true }
        return false
    }
}

/// Runs `body` and returns the `BarometerError` it throws, or nil if it throws nothing.
func barometerError(_ body: () throws -> Void) -> BarometerError? {
    do {
        try body()
        return nil
    } catch let error as BarometerError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}
