import BarometerCore

/// Evaluates rules over every row of a dataset at once, one typed column at a time.
///
/// Named flags are looked up in `flags`, which the caller fills in definition order, so a
/// flag may use any flag defined before it.
public struct RuleEvaluator {
    public let dataset: Dataset
    public var flags: [String: [Bool]] = [:]
    /// What the rules belong to, for messages ("flag promoted", "universe").
    public var context: String = "rule"

    public init(dataset: Dataset) {
        self.dataset = dataset
    }

    /// Whether each row satisfies `rule`.
    public func evaluate(_ rule: Rule) throws -> [Bool] {
        switch rule {
        case .codes(let name, let codes):
            let column = try dataset.requireColumn(name, for: context)
            try checkCodes(codes, of: name)
            return Self.matches(column, codes: codes)
        case .anyOf(let rules):
            var result = [Bool](repeating: false, count: dataset.rowCount)
            for rule in rules {
                let part = try evaluate(rule)
                for row in result.indices where part[row] { result[row] = true }
            }
            return result
        case .allOf(let rules):
            var result = [Bool](repeating: true, count: dataset.rowCount)
            for rule in rules {
                let part = try evaluate(rule)
                for row in result.indices where !part[row] { result[row] = false }
            }
            return result
        case .not(let rule):
            return try evaluate(rule).map { !$0 }
        case .flag(let name):
            guard let values = flags[name] else {
                let known = flags.keys.sorted().joined(separator: ", ")
                throw BarometerError(
                    .usage, "\(context) refers to '\(name)', which is not a flag defined before it (defined: \(known))")
            }
            return values
        }
    }

    /// Codes the codebook does not list cannot match anything: almost always a typo.
    private func checkCodes(_ codes: [Int32], of name: String) throws {
        guard let variable = dataset.codebook[name], !variable.valueLabels.isEmpty else { return }
        let listed = Set(variable.valueLabels.map(\.code))
        for code in codes where !listed.contains(String(code)) {
            throw BarometerError(
                .usage,
                "\(context) names code \(code) of \(name), which its codebook does not list (\(variable.valueLabels.map(\.code).joined(separator: ", ")))"
            )
        }
    }

    private static func matches(_ column: Column, codes: [Int32]) -> [Bool] {
        switch column.values {
        case .integer(let values):
            return values.withStorage { storage in
                switch storage {
                case .bytes(let bytes):
                    // Every byte code (and missing, 255) has its entry: no range check per row.
                    var table = [Bool](repeating: false, count: 256)
                    for code in codes where 0..<Int32(IntegerColumn.missingByte) ~= code { table[Int(code)] = true }
                    return table.withUnsafeBufferPointer { table in bytes.map { table[Int($0)] } }
                case .wide(let values):
                    // Survey codes are small, so a bitmap lookup beats a Set in the per-row loop.
                    if let low = codes.min(), let high = codes.max(), high - low < 4096 {
                        var table = [Bool](repeating: false, count: Int(high - low) + 1)
                        for code in codes { table[Int(code - low)] = true }
                        return values.map { $0 >= low && $0 <= high && table[Int($0 - low)] }
                    }
                    let set = Set(codes)
                    return values.map { set.contains($0) }
                }
            }
        case .real(let values):
            let set = Set(codes.map(Double.init))
            return values.map { set.contains($0) }
        case .text(let values):
            let set = Set(codes.map(String.init))
            return (0..<values.count).map { set.contains(values[$0]) }
        }
    }
}
