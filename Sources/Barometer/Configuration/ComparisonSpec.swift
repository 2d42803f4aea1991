import BarometerAggregate
import BarometerCore
import BarometerTransform

/// One entry of the `comparisons:` section: outcomes compared across a grouping.
///
/// ```yaml
/// comparisons:
///   - name: value_by_positive_role
///     group: positive_role          # a flag or a coded variable
///     outcomes:
///       - { name: quality, label: Bedre kvalitet, rule: { column: vaerdi_1, codes: [1] } }
///     exclude: { column: vaerdi_7, codes: [1] }   # "don't know": left out of every outcome
///     test: F                       # F (Rao-Scott, default), Chisq or Wald
///     alpha: 0.05
///     correction: holm              # none (default), holm or bh
/// ```
public struct ComparisonSpec: Sendable, Decodable {
    public var name: String
    public var group: String
    public var outcomes: [FlagDefinition]
    public var exclude: Rule?
    public var test: IndependenceTest
    public var alpha: Double
    public var correction: PValueCorrection

    private enum CodingKeys: String, CodingKey, CaseIterable { case name, group, outcomes, exclude, test, alpha, correction }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        group = try container.decode(String.self, forKey: .group)
        outcomes = try container.decode([NamedRule].self, forKey: .outcomes).map(\.definition)
        exclude = try container.decodeIfPresent(Rule.self, forKey: .exclude)
        test = try container.decodeIfPresent(IndependenceTest.self, forKey: .test) ?? .f
        alpha = try container.decodeIfPresent(Double.self, forKey: .alpha) ?? 0.05
        correction = try container.decodeIfPresent(PValueCorrection.self, forKey: .correction) ?? .none
        guard alpha > 0, alpha < 0.5 else {
            throw DecodingError.dataCorruptedError(forKey: .alpha, in: container, debugDescription: "alpha must be between 0 and 0.5, e.g. 0.05")
        }
    }
}
