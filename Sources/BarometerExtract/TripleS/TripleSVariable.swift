import BarometerCore

/// One `<variable>` of a Triple-S record, as the metadata describes it.
///
/// Positions are 1-based characters of a fixed-width record, or the 1-based field number of
/// a CSV record (then `finish == start`).
public struct TripleSVariable: Sendable, Equatable {
    /// The Triple-S variable types (`type="…"`).
    public enum VariableType: String, Sendable, Equatable, CaseIterable {
        case single, multiple, quantity, character, logical, date, time
    }

    /// The special roles `use="…"` gives a variable.
    public enum Use: String, Sendable, Equatable {
        case serial, weight
    }

    /// A `<range from= to=>`, as written.
    public struct ValueRange: Sendable, Equatable {
        public var from: String
        public var to: String

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    /// How a multiple-response variable stores its answers.
    public enum MultipleForm: Sendable, Equatable {
        /// One character per option, `1` when chosen; the option with code *n* is
        /// character *n* of the field.
        case bitstring(length: Int)
        /// `subfields` codes of `width` characters each, unused ones blank or zero.
        case spread(subfields: Int, width: Int)
    }

    public var name: String
    public var ident: String?
    public var type: VariableType
    public var use: Use?
    /// The label in the default language and mode, whitespace collapsed.
    public var label: String?
    public var start: Int
    public var finish: Int
    /// `format="literal"`: codes are text (`A`, `B`) rather than numbers.
    public var isLiteral: Bool
    /// The `<value>` codes and labels, in metadata order.
    public var values: [ValueLabel]
    /// The `<range from= to=>`, as written.
    public var range: ValueRange?
    /// Decimal places of a quantity, from its range (`0.00` → 2).
    public var decimals: Int
    /// For `multiple` only.
    public var multipleForm: MultipleForm?
    /// The `<filter>` text: which respondents were asked.
    public var filter: String?
    /// Where the `<variable>` start tag is in the metadata file.
    public var location: SourceLocation

    public init(
        name: String, ident: String? = nil, type: VariableType, use: Use? = nil, label: String? = nil,
        start: Int, finish: Int, isLiteral: Bool = false, values: [ValueLabel] = [],
        range: ValueRange? = nil, decimals: Int = 0, multipleForm: MultipleForm? = nil,
        filter: String? = nil, location: SourceLocation
    ) {
        self.name = name
        self.ident = ident
        self.type = type
        self.use = use
        self.label = label
        self.start = start
        self.finish = finish
        self.isLiteral = isLiteral
        self.values = values
        self.range = range
        self.decimals = decimals
        self.multipleForm = multipleForm
        self.filter = filter
        self.location = location
    }

    /// The dataset columns the variable becomes: its name, or `<name>_<code>` per option of
    /// a multiple (the code is the bit position for bitstrings, which the standard makes
    /// equal to the option's code).
    public var columnNames: [String] {
        guard type == .multiple else { return [name] }
        return options.map { "\(name)_\($0.code)" }
    }

    /// The options of a multiple, each with the column suffix it gets.
    var options: [ValueLabel] { values }

    /// Whether a quantity is stored as `Double` rather than `Int32`: it has decimals, or its
    /// range does not fit in `Int32` without touching the missing-value sentinel.
    var quantityIsReal: Bool {
        guard type == .quantity else { return false }
        if decimals > 0 { return true }
        guard let range else { return false }
        for bound in [range.from, range.to] {
            let text = XMLWhitespace.trimmed(bound)
            guard let value = Int64(text) else { return true }
            if value <= Int64(Int32.min) || value > Int64(Int32.max) { return true }
        }
        return false
    }
}
