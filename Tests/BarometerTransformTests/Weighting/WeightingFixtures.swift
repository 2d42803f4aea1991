import BarometerCore

@testable import BarometerTransform

/// Small datasets built in code for the weighting tests: coded columns and an optional weight.
enum WeightingFixtures {
    static func dataset(_ columns: [String: [Int32]], weights: [Double]? = nil) -> Dataset {
        let rows = columns.values.first?.count ?? weights?.count ?? 0
        var all = columns.keys.sorted().map { Column(name: $0, integers: columns[$0]!) }
        if let weights { all.append(Column(name: "w", reals: weights)) }
        return Dataset(sourceFile: "sample.csv", sourceLines: (0..<rows).map { Int32($0 + 2) }, columns: all)
    }

    static func frame(_ variable: String, _ counts: [Int32: Double], source: String? = nil) throws -> CellFrame {
        let codes = counts.keys.sorted()
        return try CellFrame(
            variables: [variable], cells: codes.map { [$0] }, counts: codes.map { counts[$0]! },
            source: source ?? "margins-\(variable).csv", lines: codes.indices.map { $0 + 2 })
    }

    /// Weighted totals of `weights` per code of `codes`.
    static func totals(_ weights: [Double], by codes: [Int32]) -> [Int32: Double] {
        var totals: [Int32: Double] = [:]
        for (weight, code) in zip(weights, codes) { totals[code, default: 0] += weight }
        return totals
    }

    /// Two margins over 12 rows with every combination present: raking converges.
    static let sector: [Int32] = [1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    static let region: [Int32] = [1, 2, 1, 2, 1, 2, 1, 2, 2, 1, 1, 2]
    static let sample = dataset(["sektor": sector, "region": region], weights: [2, 2, 2, 3, 3, 3, 1, 1, 1, 4, 4, 4])
}
