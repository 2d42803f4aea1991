import BarometerCore

/// When an estimate is too unreliable or too disclosive to publish.
///
/// ```yaml
/// suppression: { min_n: 30, nchs: true, complementary: true }
/// ```
/// - `min_n`: fewer respondents than this in the cell.
/// - `nchs`: the NCHS data presentation standard for proportions (see
///   `NCHSPresentationStandard`): effective n below 30, a Korn–Graubard interval 0.30 wide or
///   wider, or one wider than 0.05 and than 130 % of the share.
/// - `complementary`: further cells are suppressed until no suppressed cell can be recovered
///   from a published total (see `ComplementarySuppression`): the overall share against a
///   breakdown's levels, a level against its cells in a crossing.
/// Suppressed cells keep their counts and the reason; their estimate is left empty.
public struct SuppressionRules: Sendable, Equatable, Decodable {
    public var minimumCount = 0
    public var nchs = false
    public var complementary = false

    public init(minimumCount: Int = 0, nchs: Bool = false, complementary: Bool = false) {
        self.minimumCount = minimumCount
        self.nchs = nchs
        self.complementary = complementary
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case minimumCount = "min_n"
        case nchs, complementary
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minimumCount = try container.decodeIfPresent(Int.self, forKey: .minimumCount) ?? 0
        nchs = try container.decodeIfPresent(Bool.self, forKey: .nchs) ?? false
        complementary = try container.decodeIfPresent(Bool.self, forKey: .complementary) ?? false
    }

    /// Whether any rule is on; describes them for the methods note.
    public var isActive: Bool { minimumCount > 0 || nchs || complementary }

    /// Why `estimate` must not be shown, or nil.
    public func reason(for estimate: MeanEstimate) -> String? {
        if estimate.unweightedCount < minimumCount {
            return "fewer than \(minimumCount) respondents"
        }
        return nchs ? NCHSPresentationStandard.reason(for: estimate) : nil
    }

    /// Applies the rules to an estimates table, complementary suppression included.
    public func apply(to rows: inout [EstimateRow]) {
        guard isActive else { return }
        for index in rows.indices { rows[index].suppression = reason(for: rows[index].estimate) }
        if complementary { ComplementarySuppression.apply(to: &rows) }
    }
}
