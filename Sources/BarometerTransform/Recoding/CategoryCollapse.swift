import BarometerCore

/// Codes of one variable merged into one category before anything is estimated, for
/// disclosure or to follow a published table ("hampered to some / a high degree").
///
/// ```yaml
/// collapse:
///   - { column: fremmet_frivillige, codes: [3, 4], into: 3, label: Hæmmet }
/// ```
public struct CategoryCollapse: Sendable, Equatable, Decodable {
    public var column: String
    public var codes: [Int32]
    public var into: Int32
    public var label: String?

    private enum CodingKeys: String, CodingKey, CaseIterable { case column, codes, into, label }

    public init(column: String, codes: [Int32], into: Int32, label: String? = nil) {
        self.column = column
        self.codes = codes
        self.into = into
        self.label = label
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            column: try container.decode(String.self, forKey: .column), codes: try container.decode([Int32].self, forKey: .codes),
            into: try container.decode(Int32.self, forKey: .into), label: try container.decodeIfPresent(String.self, forKey: .label))
    }

    /// `dataset` with the codes merged and the codebook's labels updated.
    public func apply(to dataset: Dataset) throws -> Dataset {
        let column = try dataset.requireColumn(self.column, for: "collapse")
        guard case .integer(let original) = column.values else {
            throw BarometerError(.usage, "collapse names \(self.column), which does not hold whole-number codes")
        }
        let merged = Set(codes)
        var values = original.codes
        for index in values.indices where merged.contains(values[index]) { values[index] = into }
        var result = dataset
        result.setColumn(Column(name: self.column, integers: values))
        if var variable = dataset.codebook[self.column] {
            let intoLabel = label ?? variable.label(for: String(into)) ?? String(into)
            variable.valueLabels = variable.valueLabels.compactMap { value in
                guard let code = Int32(value.code), merged.contains(code) else { return value }
                return code == into ? ValueLabel(code: value.code, label: intoLabel) : nil
            }
            if !variable.valueLabels.contains(where: { $0.code == String(into) }) {
                variable.valueLabels.append(ValueLabel(code: String(into), label: intoLabel))
            }
            result.codebook.add(variable)
        }
        return result
    }
}
