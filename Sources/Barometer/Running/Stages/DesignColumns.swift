import BarometerCore
import BarometerTransform
import Foundation

/// The per-row arrays of a `SurveyWeights` as `barometer_*` columns of the transform artifact,
/// and back: the weight, stratum, cluster and population size of each row, and the cells and
/// weights of each calibration step (which the variance needs).
enum DesignColumns {
    /// The shape of one calibration step; its arrays are columns named after the step.
    struct CalibrationLayout: Sendable, Codable {
        enum Kind: String, Sendable, Codable { case postStratification, raking, regression }
        var kind: Kind
        /// Post-stratification: one count; raking: one per margin.
        var cellCounts: [Int] = []
        /// Regression: the number of model-matrix columns.
        var terms = 0
    }

    /// The columns, and the aliases of those left out: a real column equal, bit for bit, to one
    /// before it is not written again (a raking margin's weights before it are the previous
    /// margin's after it, and the last margin's after it are the final weights once the raking
    /// has converged), and `aliases[name]` names the column that holds its values.
    static func columns(for weights: SurveyWeights) -> (columns: [Column], calibration: [CalibrationLayout]?, aliases: [String: String]) {
        let (columns, calibration) = allColumns(for: weights)
        var kept: [Column] = []
        var aliases: [String: String] = [:]
        for column in columns {
            if case .real(let values) = column.values,
                let same = kept.first(where: { if case .real(let other) = $0.values { identical(values, other) } else { false } })
            {
                aliases[column.name] = same.name
            } else {
                kept.append(column)
            }
        }
        return (kept, calibration, aliases)
    }

    /// Whether two arrays hold the same bits (the same storage, often, after copy-on-write).
    private static func identical(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count
            && a.withUnsafeBytes { a in
                b.withUnsafeBytes { b in a.baseAddress == b.baseAddress || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
            }
    }

    private static func allColumns(for weights: SurveyWeights) -> (columns: [Column], calibration: [CalibrationLayout]?) {
        var columns = [Column(name: "barometer_weight", reals: weights.weights)]
        if let strata = weights.strata { columns.append(Column(name: "barometer_stratum", integers: strata)) }
        if let clusters = weights.clusters { columns.append(Column(name: "barometer_cluster", integers: clusters)) }
        if let sizes = weights.populationSizes { columns.append(Column(name: "barometer_fpc", reals: sizes)) }
        guard let steps = weights.calibration?.steps else { return (columns, nil) }
        var layouts: [CalibrationLayout] = []
        for (index, step) in steps.enumerated() {
            let prefix = "barometer_cal\(index)"
            func add(_ cells: Calibration.Cells, _ name: String) {
                columns += [
                    Column(name: "\(name)_cell", integers: cells.cellOfRow),
                    Column(name: "\(name)_before", reals: cells.weightsBefore),
                    Column(name: "\(name)_after", reals: cells.weightsAfter),
                ]
            }
            switch step {
            case .postStratification(let cells):
                add(cells, prefix)
                layouts.append(CalibrationLayout(kind: .postStratification, cellCounts: [cells.cellCount]))
            case .raking(let margins):
                for (margin, cells) in margins.enumerated() { add(cells, "\(prefix)_\(margin)") }
                layouts.append(CalibrationLayout(kind: .raking, cellCounts: margins.map(\.cellCount)))
            case .regression(let regression):
                for (term, values) in regression.columns.enumerated() { columns.append(Column(name: "\(prefix)_x\(term)", reals: values)) }
                columns.append(Column(name: "\(prefix)_design", reals: regression.designWeights))
                columns.append(Column(name: "\(prefix)_weight", reals: regression.weights))
                layouts.append(CalibrationLayout(kind: .regression, terms: regression.columns.count))
            }
        }
        return (columns, layouts)
    }

    /// The weights back from the columns `columns(for:)` made.
    ///
    /// - Throws: `.badData` when a column the sidecar promises is missing or of another type.
    static func weights(from columns: [String: Column], design: StageManifest.DesignLayout) throws -> SurveyWeights {
        func missing(_ name: String) -> BarometerError {
            BarometerError(.badData, "the transform artifact lacks the column \(name); rerun the stage with --force")
        }
        func reals(_ name: String) throws -> [Double] {
            guard case .real(let values) = columns[design.aliases?[name] ?? name]?.values else { throw missing(name) }
            return values
        }
        func integers(_ name: String) throws -> [Int32] {
            guard case .integer(let values) = columns[name]?.values else { throw missing(name) }
            return values.codes
        }
        func cells(_ name: String, count: Int) throws -> Calibration.Cells {
            Calibration.Cells(
                cellOfRow: try integers("\(name)_cell"), cellCount: count, weightsBefore: try reals("\(name)_before"),
                weightsAfter: try reals("\(name)_after"))
        }
        let steps = try design.calibration?.enumerated().map { index, layout -> Calibration.Step in
            let prefix = "barometer_cal\(index)"
            switch layout.kind {
            case .postStratification: return .postStratification(try cells(prefix, count: layout.cellCounts.first ?? 0))
            case .raking: return .raking(try layout.cellCounts.enumerated().map { try cells("\(prefix)_\($0)", count: $1) })
            case .regression:
                return .regression(
                    Calibration.Regression(
                        columns: try (0..<layout.terms).map { try reals("\(prefix)_x\($0)") },
                        designWeights: try reals("\(prefix)_design"), weights: try reals("\(prefix)_weight")))
            }
        }
        return SurveyWeights(
            weights: try reals("barometer_weight"), strata: design.hasStrata ? try integers("barometer_stratum") : nil,
            clusters: design.hasClusters ? try integers("barometer_cluster") : nil,
            populationSizes: design.hasPopulationSizes ? try reals("barometer_fpc") : nil, method: design.method,
            calibration: steps.map { Calibration(steps: $0) }, calibrationReport: design.calibrationReport,
            trimming: design.trimming, notes: design.notes)
    }
}
