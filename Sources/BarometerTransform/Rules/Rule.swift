import BarometerCore

/// A yes/no condition on a respondent, written in the pipeline file.
///
/// ```yaml
/// { column: fremmet_frivillige, codes: [1, 2] }   # the column holds one of the codes
/// { any_of: [initiated, promoted, collaborated] } # names of flags defined earlier, or rules
/// { all_of: [...] }
/// { not: { column: inno_1, codes: [8] } }
/// ```
/// A missing value never matches `codes`, so a skipped item counts as "no".
public indirect enum Rule: Sendable, Equatable, Decodable {
    case codes(column: String, codes: [Int32])
    case anyOf([Rule])
    case allOf([Rule])
    case not(Rule)
    /// Another flag (or the universe) by name.
    case flag(String)

    private enum Keys: String, CodingKey, CaseIterable {
        case column, codes
        case anyOf = "any_of"
        case allOf = "all_of"
        case not
    }

    public init(from decoder: Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self = .flag(name)
            return
        }
        try decoder.rejectUnknownKeys(Keys.self)
        let container = try decoder.container(keyedBy: Keys.self)
        if let rules = try container.decodeIfPresent([Rule].self, forKey: .anyOf) {
            self = .anyOf(rules)
        } else if let rules = try container.decodeIfPresent([Rule].self, forKey: .allOf) {
            self = .allOf(rules)
        } else if let rule = try container.decodeIfPresent(Rule.self, forKey: .not) {
            self = .not(rule)
        } else if let column = try container.decodeIfPresent(String.self, forKey: .column) {
            self = .codes(column: column, codes: try container.decode([Int32].self, forKey: .codes))
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a rule is a flag name or a mapping with column+codes, any_of, all_of or not"))
        }
    }

    /// The columns this rule reads, directly or through nested rules (not through flags).
    public var columns: [String] {
        switch self {
        case .codes(let column, _): [column]
        case .anyOf(let rules), .allOf(let rules): rules.flatMap(\.columns)
        case .not(let rule): rule.columns
        case .flag: []
        }
    }

    /// The flags this rule refers to by name.
    public var flagReferences: [String] {
        switch self {
        case .codes: []
        case .anyOf(let rules), .allOf(let rules): rules.flatMap(\.flagReferences)
        case .not(let rule): rule.flagReferences
        case .flag(let name): [name]
        }
    }
}
