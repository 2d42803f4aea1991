import BarometerAggregate
import BarometerCore
import Foundation

/// The few lines a run prints on stdout: the headline figure, the row counts, the outputs.
public struct SummaryText: Sendable {
    public var text: String

    public init(_ summary: RunSummary) {
        var lines = ["\(summary.pipeline): \(summary.title)"]
        if let headline = summary.headline {
            let percent = { (x: Double) in x.isNaN ? "–" : String(format: "%.1f", 100 * x) }
            let level = String(format: "%g", 100 * headline.confidenceLevel)
            lines.append(
                "\(headline.indicatorLabel): \(percent(headline.estimate.estimate)) % "
                    + "(\(level) % CI \(percent(headline.interval.low))–\(percent(headline.interval.high)), \(headline.intervalMethod.rawValue)), "
                    + "n = \(headline.estimate.unweightedCount) in the universe")
        }
        lines.append(
            "rows: \(summary.rowsRead) read, \(summary.rowsAccepted) accepted, \(summary.rowsRejected) rejected; "
                + "universe \(summary.universeCount)")
        lines.append(
            "weights: \(summary.weights.count), mean \(String(format: "%.2f", summary.weights.mean)), "
                + "Kish deff \(String(format: "%.3f", summary.weights.kishDesignEffect))")
        if let calibration = summary.calibration {
            let what = calibration.kind == .rake ? "raking" : "post-stratification"
            lines.append(
                "\(what): \(calibration.iterations) iteration\(calibration.iterations == 1 ? "" : "s"), "
                    + (calibration.converged ? "converged" : "NOT converged")
                    + ", largest margin gap \(String(format: "%.2g", calibration.largestGap))"
                    + (summary.trimming.map { ", \($0.trimmed) weights trimmed" } ?? ""))
        } else if let trimming = summary.trimming {
            lines.append("trimming: \(trimming.trimmed) weights trimmed in \(trimming.rounds) rounds")
        }
        for note in summary.weightNotes { lines.append("warning: \(note)") }
        lines.append("outputs: \(summary.outputDirectory)/ (\(summary.outputFiles.joined(separator: ", ")))")
        if !summary.stages.isEmpty { lines.append(Self.stagesLine(summary.stages)) }
        text = lines.joined(separator: "\n") + "\n"
    }

    /// `stages: extract reused, transform reused, aggregate ran (0.41 s), load ran (0.05 s)`.
    public static func stagesLine(_ stages: [StageOutcome]) -> String {
        "stages: "
            + stages.map { outcome in
                outcome.action == .ran
                    ? "\(outcome.stage.rawValue) ran (\(String(format: "%.2f", outcome.seconds)) s)"
                    : "\(outcome.stage.rawValue) \(outcome.action.rawValue)"
            }.joined(separator: ", ")
    }
}
