/// Which stages a run may run: a range, and whether up-to-date stages in it run again.
///
/// Stages before the range must be up to date (their artifacts are the range's inputs);
/// stages after it are left as they are.
public struct StageSelection: Sendable, Equatable {
    public var from: StageName
    public var until: StageName
    /// Rerun every stage in the range, up to date or not.
    public var force: Bool

    public init(from: StageName = .extract, until: StageName = .load, force: Bool = false) {
        self.from = from
        self.until = until
        self.force = force
    }

    /// Exactly one stage, rerun from the artifacts before it.
    public static func only(_ stage: StageName) -> StageSelection {
        StageSelection(from: stage, until: stage, force: true)
    }

    public func contains(_ stage: StageName) -> Bool { from <= stage && stage <= until }
}
