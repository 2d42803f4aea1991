import BarometerCore
import Foundation

/// Reads a SurveyXact export bundle: `dataset.csv` with its codebook from `structure.csv`
/// (one row per variable) and `labels.csv` (value labels, no header row).
///
/// structure.csv columns: questionName, variableName, questionType, subType, questionText,
/// choiceValue, choiceText (rows may end with an empty extra field). Closed/Single becomes a
/// `.single` variable with its labels, Closed/Multiple a `.multipleOption` 0/1 column,
/// Open/String `.text`, anything else (Background, numeric answers) `.quantity`.
/// Each file's dialect is sniffed on its own unless the pipeline fixes one.
public struct SurveyXactBundleReader: Sendable {
    public var dialect: CSVDialect

    public init(dialect: CSVDialect = CSVDialect()) {
        self.dialect = dialect
    }

    public func read(directory: String, options: ExtractOptions = ExtractOptions()) throws -> ExtractResult {
        let path = { (name: String) in (directory as NSString).appendingPathComponent(name) }
        let codebook = try readCodebook(structure: path("structure.csv"), labels: path("labels.csv"))
        return try CSVReader(dialect: dialect).read(path: path("dataset.csv"), codebook: codebook, options: options)
    }

    /// The codebook of a bundle, from its structure and labels files.
    public func readCodebook(structure: String, labels: String) throws -> Codebook {
        let structureRows = try DelimitedRecords(path: structure, dialect: dialect).rows
        guard let header = structureRows.first else {
            throw BarometerError(.badData, "structure file is empty", at: SourceLocation(file: structure, line: 1))
        }
        let expected = ["questionName", "variableName", "questionType", "subType", "questionText", "choiceValue", "choiceText"]
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let index = try expected.map { name in
            guard let position = columns.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
                throw BarometerError(
                    .badData, "structure header lacks '\(name)' (expected \(expected.joined(separator: ";")))",
                    at: SourceLocation(file: structure, line: header.line))
            }
            return position
        }
        let valueLabels = try readLabels(labels)
        var codebook = Codebook()
        for row in structureRows.dropFirst() {
            guard row.fields.count >= index.max()! + 1 else {
                throw BarometerError(
                    .badData, "expected \(columns.count) fields, found \(row.fields.count)",
                    at: SourceLocation(file: structure, line: row.line))
            }
            let field = { (column: Int) in row.fields[index[column]].trimmingCharacters(in: .whitespaces) }
            let name = field(1)
            let kind: Variable.Kind =
                switch (field(2).lowercased(), field(3).lowercased()) {
                case ("closed", "single"): .single
                case ("closed", "multiple"): .multipleOption
                case ("open", "string"), ("open", "text"): .text
                default: .quantity
                }
            let questionText = field(4)
            let label = kind == .multipleOption && !field(6).isEmpty ? "\(questionText) – \(field(6))" : questionText
            codebook.add(
                Variable(
                    name: name, kind: kind, label: label.isEmpty ? nil : label,
                    question: field(0).isEmpty ? nil : field(0), valueLabels: valueLabels[name] ?? []))
        }
        return codebook
    }

    private func readLabels(_ path: String) throws -> [String: [ValueLabel]] {
        var labels: [String: [ValueLabel]] = [:]
        for row in try DelimitedRecords(path: path, dialect: dialect).rows {
            guard row.fields.count >= 3 else {
                throw BarometerError(
                    .badData, "expected variable;code;label, found \(row.fields.count) fields",
                    at: SourceLocation(file: path, line: row.line))
            }
            let trim = { (text: String) in text.trimmingCharacters(in: .whitespaces) }
            labels[trim(row.fields[0]), default: []].append(ValueLabel(code: trim(row.fields[1]), label: trim(row.fields[2])))
        }
        return labels
    }
}
