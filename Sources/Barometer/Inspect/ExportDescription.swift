import BarometerCore
import BarometerExtract

/// A plain-text listing of an export: its variables with kind, storage type, label and value
/// labels, then the row counts. What `barometer inspect` prints.
public struct ExportDescription: Sendable {
    public var text: String

    public init(path: String, result: ExtractResult) {
        let dataset = result.dataset
        var lines = [
            "\(path): \(dataset.columns.count) variables, \(result.rowsRead) rows read, "
                + "\(dataset.rowCount) accepted, \(result.rejects.count) rejected"
        ]
        for column in dataset.columns {
            let variable = dataset.codebook[column.name]
            let storage =
                switch column.values {
                case .integer: "integer"
                case .real: "real"
                case .text: "text"
                }
            var line = "  \(column.name)  \(variable?.kind.rawValue ?? "inferred") \(storage)"
            if let label = variable?.label, !label.isEmpty { line += "  \"\(label)\"" }
            lines.append(line)
            for value in variable?.valueLabels ?? [] {
                lines.append("      \(value.code) = \(value.label)")
            }
        }
        lines += result.warnings.map { "warning \($0)" }
        for reject in result.rejects.prefix(10) {
            lines.append("rejected \(reject.location): \(reject.reason)")
        }
        if result.rejects.count > 10 { lines.append("… and \(result.rejects.count - 10) more rejected rows") }
        text = lines.joined(separator: "\n") + "\n"
    }
}
