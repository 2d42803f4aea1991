import BarometerCore

/// When an estimate is too unreliable or too disclosive to publish.
///
/// ```yaml
/// suppression: { min_n: 30, nchs: true, complementary: true }
/// ```
/// - `min_n`: fewer respondents than this in the cell.
/// - `nchs`: the NCHS data presentation standard for proportions (Parker et al. 2017): effective
///   n below 30, a Korn–Graubard interval 0.30 wide or wider, or one wider than 130 % of the
///   share when it is wider than 0.05.
/// - `complementary`: when a single level of a breakdown is suppressed, the smallest other level
///   is suppressed too, so the first cannot be recovered from the total.
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
        guard nchs else { return nil }
        if estimate.effectiveSampleSize < 30 { return "NCHS: effective sample size below 30" }
        let interval = IntervalMethod.beta.interval(for: estimate, level: 0.95, values: [], domain: [], design: nil)
        let width = interval.high - interval.low
        if width >= 0.30 { return "NCHS: confidence interval 0.30 wide or wider" }
        if width > 0.05, width > 1.3 * estimate.estimate { return "NCHS: confidence interval wider than 130 % of the share" }
        return nil
    }

    /// Applies the rules to an estimates table, complementary suppression included.
    public func apply(to rows: inout [EstimateRow]) {
        guard isActive else { return }
        for index in rows.indices { rows[index].suppression = reason(for: rows[index].estimate) }
        guard complementary else { return }
        let groups = Dictionary(grouping: rows.indices.filter { rows[$0].group != EstimateRow.overallGroup }) {
            "\(rows[$0].indicator)\u{1}\(rows[$0].group)"
        }
        for key in groups.keys.sorted() {
            let members = groups[key]!
            guard members.filter({ rows[$0].suppression != nil }).count == 1 else { continue }
            let smallest = members.filter { rows[$0].suppression == nil }
                .min { (rows[$0].estimate.unweightedCount, $0) < (rows[$1].estimate.unweightedCount, $1) }
            if let smallest { rows[smallest].suppression = "complementary: protects another suppressed level" }
        }
    }
}
