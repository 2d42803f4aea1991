/// One variable's values for every row, stored in the narrowest type that holds them.
///
/// Coded answers (the bulk of a survey) are an `IntegerColumn` (a byte a cell for small codes,
/// `Int32` otherwise), decimals are `Double`, free text is a `TextColumn`. Missing is
/// `Column.missingCode` for integers, NaN for reals, and the empty string for text.
public struct Column: Sendable, Equatable {
    public enum Values: Sendable, Equatable {
        case integer(IntegerColumn)
        case real([Double])
        case text(TextColumn)
    }

    /// The sentinel for a missing integer cell; no survey code comes near it.
    public static let missingCode = Int32.min

    public var name: String
    public var values: Values

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    public init(name: String, integers: [Int32]) { self.init(name: name, values: .integer(IntegerColumn(integers))) }
    public init(name: String, reals: [Double]) { self.init(name: name, values: .real(reals)) }
    public init(name: String, texts: [String]) { self.init(name: name, values: .text(TextColumn(texts))) }

    public var count: Int {
        switch values {
        case .integer(let v): v.count
        case .real(let v): v.count
        case .text(let v): v.count
        }
    }

    public var isNumeric: Bool {
        if case .text = values { return false }
        return true
    }

    public func isMissing(at row: Int) -> Bool {
        switch values {
        case .integer(let v): v[row] == Column.missingCode
        case .real(let v): v[row].isNaN
        case .text(let v): v.isMissing(at: row)
        }
    }

    /// The value as a number, or nil when missing or not numeric.
    public func number(at row: Int) -> Double? {
        switch values {
        case .integer(let v): v[row] == Column.missingCode ? nil : Double(v[row])
        case .real(let v): v[row].isNaN ? nil : v[row]
        case .text: nil
        }
    }

    /// The value as an integer code, or nil when missing, fractional or text.
    public func code(at row: Int) -> Int32? {
        switch values {
        case .integer(let v): return v[row] == Column.missingCode ? nil : v[row]
        case .real(let v):
            let x = v[row]
            guard x.isFinite, x == x.rounded(), abs(x) < 2e9 else { return nil }
            return Int32(x)
        case .text: return nil
        }
    }

    /// Every value as a number, NaN where missing or text: `number(at:)` for the whole column
    /// in one pass, for loops that visit every row.
    public func numbers() -> [Double] {
        switch values {
        case .integer(let v): v.numbers()
        case .real(let v): v
        case .text(let v): [Double](repeating: .nan, count: v.count)
        }
    }

    /// Every value as an integer code, `Column.missingCode` where `code(at:)` is nil.
    public func codes() -> [Int32] {
        switch values {
        case .integer(let v): return v.codes
        case .real: return (0..<count).map { code(at: $0) ?? Column.missingCode }
        case .text(let v): return [Int32](repeating: Column.missingCode, count: v.count)
        }
    }

    /// The value as written in tables: integers plainly, reals round-trip exact, "" for missing.
    public func text(at row: Int) -> String {
        switch values {
        case .integer(let v): v[row] == Column.missingCode ? "" : String(v[row])
        case .real(let v): v[row].isNaN ? "" : NumberFormat.roundTrip(v[row])
        case .text(let v): v[row]
        }
    }

    /// The rows whose `keep` entry is true, in order.
    public func filtered(_ keep: [Bool]) -> Column {
        switch values {
        case .integer(let v): Column(name: name, values: .integer(v.filtered(keep)))
        case .real(let v): Column(name: name, reals: zip(v, keep).compactMap { $1 ? $0 : nil })
        case .text(let v): Column(name: name, values: .text(v.filtered(keep)))
        }
    }
}
