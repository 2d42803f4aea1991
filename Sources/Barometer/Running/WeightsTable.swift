import BarometerLoad
import BarometerTransform

/// The `weights.csv` table: the weight diagnostics of a run, one statistic per row, then the
/// final gap of every post-stratum or raking margin cell.
///
/// Statistic rows fill `value`; cell rows (`statistic` = `cell_gap`) fill `margin`, `cell`,
/// `respondents`, `target`, `achieved` and put the relative gap in `value`.
enum WeightsTable {
    static let columns = ["pipeline", "statistic", "margin", "cell", "value", "respondents", "target", "achieved"]

    static func make(pipeline: String, weights: SurveyWeights, diagnostics: WeightDiagnostics) -> Table {
        var table = Table(columns: columns)
        func add(_ statistic: String, _ value: Table.Cell) {
            table.append([.text(pipeline), .text(statistic), .missing, .missing, value, .missing, .missing, .missing])
        }
        add("method", .text(weights.method))
        add("count", .integer(diagnostics.count))
        add("min", .real(diagnostics.minimum))
        add("max", .real(diagnostics.maximum))
        add("mean", .real(diagnostics.mean))
        add("sum", .real(diagnostics.sum))
        add("cv", .real(diagnostics.coefficientOfVariation))
        add("kish_deff", .real(diagnostics.kishDesignEffect))
        add("effective_n", .real(diagnostics.effectiveSampleSize))
        if let report = weights.calibrationReport {
            add("calibration", .text(report.kind.rawValue))
            add("iterations", .integer(report.iterations))
            add("converged", .boolean(report.converged))
            add("tolerance", .real(report.tolerance))
            add("largest_gap", .real(report.largestGap))
        }
        if let trimming = weights.trimming {
            add("trim_lower", .real(trimming.lower))
            add("trim_upper", .real(trimming.upper))
            add("trimmed", .integer(trimming.trimmed))
            add("trim_rounds", .integer(trimming.rounds))
        }
        for note in weights.notes { add("note", .text(note)) }
        for cell in weights.calibrationReport?.cells ?? [] {
            table.append([
                .text(pipeline), .text("cell_gap"), .text(cell.margin), .text(cell.cell), .real(cell.relativeGap),
                .integer(cell.respondents), .real(cell.target), .real(cell.achieved),
            ])
        }
        return table
    }
}
