/// What a run did with one stage.
public struct StageOutcome: Sendable, Equatable {
    public enum Action: String, Sendable {
        /// The stage ran and wrote its artifact.
        case ran
        /// The artifact was up to date and used as it was.
        case reused
        /// Outside the selected range; left as it was.
        case skipped
    }

    public var stage: StageName
    public var action: Action
    /// Wall time of the stage when it ran.
    public var seconds: Double = 0
}
