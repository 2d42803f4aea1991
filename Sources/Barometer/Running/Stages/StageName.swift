/// The four stages of a run, in the order they run; each has an artifact under
/// `<output>/stages/<name>/`.
public enum StageName: String, Sendable, Codable, CaseIterable, Comparable {
    case extract, transform, aggregate, load

    /// The top-level keys of the pipeline file the stage reads; a change to any of them makes
    /// the stage (and everything after it) stale.
    public var pipelineKeys: [String] {
        switch self {
        case .extract: ["input"]
        case .transform: ["universe", "flags", "weighting"]
        case .aggregate: ["flags", "estimates", "comparisons"]
        case .load: ["name", "title", "wave", "series", "headline", "output"]
        }
    }

    /// The stage whose artifact this one reads; nil for extract, which reads the export.
    public var upstream: StageName? {
        switch self {
        case .extract: nil
        case .transform: .extract
        case .aggregate: .transform
        case .load: .aggregate
        }
    }

    public static func < (lhs: StageName, rhs: StageName) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
