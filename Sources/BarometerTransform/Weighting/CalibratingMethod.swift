import BarometerCore

/// A weighting method that adjusts starting (design) weights to population counts:
/// post-stratification and raking.
///
/// Keeping the start and the adjustment apart lets trimming cut weights back and calibrate
/// again from the trimmed weights, so the targets still hold afterwards.
public protocol CalibratingMethod: WeightingMethod {
    /// The method that gives the starting weights and the sample design.
    var start: any WeightingMethod { get }
    /// `start` adjusted to the population counts; its design is kept and the calibration step
    /// is appended to its calibration.
    func calibrate(_ start: SurveyWeights, in dataset: Dataset) throws -> SurveyWeights
}

extension CalibratingMethod {
    public func weights(for dataset: Dataset) throws -> SurveyWeights {
        try calibrate(try start.weights(for: dataset), in: dataset)
    }

    /// The start's problems, and rows missing a code the cells need.
    func problems(in dataset: Dataset, cellVariables: [String]) throws -> [RowProblem] {
        var problems = try start.problems(in: dataset)
        for variable in cellVariables {
            let column = try dataset.requireColumn(variable, for: "weighting (cells)")
            guard column.isNumeric else {
                throw BarometerError(.usage, "weighting cells must be coded variables, but \(variable) holds text")
            }
            let codes = column.codes()
            for row in 0..<dataset.rowCount where codes[row] == Column.missingCode {
                problems.append(
                    RowProblem(
                        row: row, variable: variable,
                        reason: "\(variable) is missing or not a whole-number code; weighting needs it"))
            }
        }
        return problems
    }
}
