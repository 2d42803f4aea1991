import BarometerCore

/// Weights taken as they are from a column of the export, with optional design columns.
public struct ColumnWeights: WeightingMethod {
    public var weightColumn: String
    public var strataColumn: String?
    public var clusterColumn: String?
    /// A column holding each row's stratum population count (R's `fpc=`).
    public var populationColumn: String?

    public init(
        weightColumn: String, strataColumn: String? = nil, clusterColumn: String? = nil,
        populationColumn: String? = nil
    ) {
        self.weightColumn = weightColumn
        self.strataColumn = strataColumn
        self.clusterColumn = clusterColumn
        self.populationColumn = populationColumn
    }

    public func problems(in dataset: Dataset) throws -> [RowProblem] {
        let weights = try dataset.requireColumn(weightColumn, for: "weighting (weight)")
        var problems: [RowProblem] = []
        for row in 0..<dataset.rowCount {
            guard let weight = weights.number(at: row) else {
                problems.append(RowProblem(row: row, variable: weightColumn, reason: "weight is missing or not a number"))
                continue
            }
            if !(weight > 0) || !weight.isFinite || weight > 1e12 {
                problems.append(
                    RowProblem(
                        row: row, variable: weightColumn,
                        reason: "weight must be a positive finite number below 1e12, found \(weights.text(at: row))"))
            }
        }
        for name in [strataColumn, clusterColumn, populationColumn].compactMap({ $0 }) {
            let column = try dataset.requireColumn(name, for: "weighting (design)")
            for row in 0..<dataset.rowCount where column.isMissing(at: row) {
                problems.append(RowProblem(row: row, variable: name, reason: "design variable \(name) is missing"))
            }
        }
        return problems
    }

    public func weights(for dataset: Dataset) throws -> SurveyWeights {
        let weightValues = try dataset.requireColumn(weightColumn, for: "weighting (weight)")
        func codes(_ name: String?) throws -> [Int32]? {
            guard let name else { return nil }
            let column = try dataset.requireColumn(name, for: "weighting (design)")
            return try (0..<dataset.rowCount).map { row in
                guard let code = column.code(at: row) else {
                    throw BarometerError(.badData, "\(name) must be a whole-number code", at: dataset.location(ofRow: row, column: name))
                }
                return code
            }
        }
        let population = try populationColumn.map { name in
            let column = try dataset.requireColumn(name, for: "weighting (fpc)")
            return (0..<dataset.rowCount).map { column.number(at: $0) ?? .nan }
        }
        return SurveyWeights(
            weights: (0..<dataset.rowCount).map { weightValues.number(at: $0)! },
            strata: try codes(strataColumn), clusters: try codes(clusterColumn), populationSizes: population,
            method: "weights from column \(weightColumn)")
    }
}
