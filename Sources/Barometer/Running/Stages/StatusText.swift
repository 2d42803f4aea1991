/// What `barometer status` prints: one block per stage.
///
/// ```
/// extract    up to date   ran 2026-11-23T01:52:13.042Z (1.21 s), rows 2271 in, 2271 out
/// aggregate  stale        ran 2026-11-23T01:52:15.101Z (0.40 s), rows 2271 in, 84 out
///            - pipeline key estimates.breakdowns changed
/// ```
public struct StatusText: Sendable {
    public var text: String

    public init(_ states: [PipelineStages.State]) {
        var lines: [String] = []
        for state in states {
            let name = state.stage.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            let verdict = (state.isUpToDate ? "up to date" : "stale").padding(toLength: 12, withPad: " ", startingAt: 0)
            let last =
                state.manifest.map {
                    "ran \($0.finished) (\(String(format: "%.2f", $0.seconds)) s), rows \($0.rowsIn) in, \($0.rowsOut) out"
                } ?? "never ran"
            lines.append(name + " " + verdict + " " + last)
            for reason in state.reasons where state.manifest != nil { lines.append(String(repeating: " ", count: 11) + "- " + reason) }
        }
        text = lines.joined(separator: "\n") + "\n"
    }
}
