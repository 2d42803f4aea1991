import BarometerCore

/// The Rao–Scott tests of independence between two coded variables in a domain, computed as
/// R's `svychisq` computes them on `subset(design, domain)`.
///
/// Pearson's X² is taken from the weighted table scaled to the domain's row count; the
/// design effect matrix Δ compares the design covariance of the cell shares with the
/// multinomial one on the interaction contrasts. Rows missing either variable are left out of
/// the table but, as in R, count in the table's scaled total and the design's degrees of
/// freedom.
public struct RaoScottTest: Sendable {
    public let design: SurveyDesign

    public init(design: SurveyDesign) {
        self.design = design
    }

    /// The test of `rows` against `columns` (codes per row, nil missing) within `domain`; nil when
    /// either has fewer than two levels there or the table is degenerate.
    public func test(rows: [Int32?], columns: [Int32?], domain: [Bool], statistic: IndependenceTest = .f) -> TestResult? {
        var valid: [Int32] = []
        for row in 0..<design.rowCount where domain[row] && rows[row] != nil && columns[row] != nil { valid.append(Int32(row)) }
        return test(
            table: Table(valid: valid, rowCodes: valid.map { rows[Int($0)]! }, columnCodes: valid.map { columns[Int($0)]! }),
            domainRows: DomainScores.rows(of: domain), statistic: statistic)
    }

    /// A domain's rows with both variables, each in a cell of the table.
    struct Table {
        /// The rows, ascending.
        var valid: [Int32]
        /// The cell of each, rows varying fastest: row level + `rowLevels` × column level.
        var cellOfRow: [Int32]
        var rowLevels: Int
        var columnLevels: Int

        /// The table of `valid` rows whose row and column variables have the codes given, in
        /// the same order.
        init(valid: [Int32], rowCodes: [Int32], columnCodes: [Int32]) {
            let rowLevels = CodeLevels(rowCodes)
            let columnLevels = CodeLevels(columnCodes)
            // Rows vary fastest, as R's interaction() and expand.grid order them.
            cellOfRow = zip(rowCodes, columnCodes).map { row, column in
                Int32(rowLevels.level(of: row) + rowLevels.count * columnLevels.level(of: column))
            }
            (self.valid, self.rowLevels, self.columnLevels) = (valid, rowLevels.count, columnLevels.count)
        }
    }

    /// The test of `table` within the domain made of `domainRows`, which may have rows missing
    /// either variable; nil when either variable has fewer than two levels or the table is
    /// degenerate.
    func test(table: Table, domainRows: [Int32], statistic: IndependenceTest) -> TestResult? {
        let (valid, cellOfRow, nr, nc) = (table.valid, table.cellOfRow, table.rowLevels, table.columnLevels)
        guard nr >= 2, nc >= 2 else { return nil }
        let cells = nr * nc
        // A subset of a calibrated design keeps every row, so R's N and ν are the whole sample's.
        let total = Double(design.isCalibrated ? design.rowCount : domainRows.count)
        let nu = design.isCalibrated ? design.degreesOfFreedom : design.degreesOfFreedom(inRows: domainRows)

        var weighted = [Double](repeating: 0, count: cells)
        var weightSum = 0.0
        for (row, cell) in zip(valid, cellOfRow) {
            weighted[Int(cell)] += design.weights[Int(row)]
            weightSum += design.weights[Int(row)]
        }
        if statistic == .wald {
            return wald(valid: valid, cellOfRow: cellOfRow, nr: nr, nc: nc, nu: nu)
        }
        let means = weighted.map { $0 / weightSum }
        // The cell-share factors of a row in cell `own`: one row of factors per cell.
        var patterns = [Double](repeating: 0, count: cells * cells)
        for own in 0..<cells {
            for cell in 0..<cells { patterns[own * cells + cell] = (((own == cell) ? 1 : 0) - means[cell]) / weightSum }
        }
        let covariance = SmallMatrix(
            design.covariance(
                of: DomainScores(rows: valid, statisticCount: cells, patternOfRow: cellOfRow, patterns: patterns)))

        let pearson = Self.pearson(means.map { $0 * total }, nr: nr, nc: nc)
        var main = SmallMatrix(rows: cells, columns: nr + nc - 1)
        var interaction = SmallMatrix(rows: cells, columns: (nr - 1) * (nc - 1))
        for cell in 0..<cells {
            let r = cell % nr
            let c = cell / nr
            main[cell, 0] = 1
            if r > 0 { main[cell, r] = 1 }
            if c > 0 { main[cell, nr - 1 + c] = 1 }
            if r > 0, c > 0 { interaction[cell, (c - 1) * (nr - 1) + (r - 1)] = 1 }
        }
        guard let contrasts = main.residuals(of: interaction) else { return nil }
        let inverse = SmallMatrix.diagonal(means.map { $0 == 0 ? 0 : 1 / $0 })
        let denominator = contrasts.transposed * SmallMatrix.diagonal(means.map { $0 == 0 ? 0 : 1 / ($0 * total) }) * contrasts
        let numerator = contrasts.transposed * inverse * covariance * inverse * contrasts
        guard let delta = denominator.solve(numerator) else { return nil }
        let traceDelta = delta.trace
        let d0 = traceDelta * traceDelta / (delta * delta).trace
        switch statistic {
        case .f:
            let f = pearson / traceDelta
            return TestResult(
                test: .f, statistic: f, numeratorDF: d0, denominatorDF: d0 * nu,
                pValue: FDistribution.upperTail(f, df1: d0, df2: d0 * nu))
        case .chisq:
            let df = Double(delta.columns)
            return TestResult(
                test: .chisq, statistic: pearson, numeratorDF: df, denominatorDF: .nan,
                pValue: ChiSquared.upperTail(pearson / (traceDelta / df), df: df))
        case .wald:
            return nil  // answered above
        }
    }

    /// The Wald test on estimated totals: cells minus what independence predicts from the
    /// margins, with the delta-method covariance, as `svychisq(statistic = "Wald")`.
    private func wald(valid: [Int32], cellOfRow: [Int32], nr: Int, nc: Int, nu: Double) -> TestResult? {
        let cells = nr * nc
        let count = cells + nr + nc + 1
        // Totals of cell, row and column indicators and of one, whose factors in a row of
        // cell `own` are 1 at those four places; their design covariance.
        let places = { (own: Int) in [own, cells + own % nr, cells + nr + own / nr, count - 1] }
        var patterns = [Double](repeating: 0, count: cells * count)
        for own in 0..<cells {
            for index in places(own) { patterns[own * count + index] = 1 }
        }
        var totals = [Double](repeating: 0, count: count)
        for (j, row) in valid.lazy.map(Int.init).enumerated() {
            for index in places(Int(cellOfRow[j])) { totals[index] += design.weights[row] }
        }
        let covariance = SmallMatrix(
            design.covariance(
                of: DomainScores(rows: valid, statisticCount: count, patternOfRow: cellOfRow, patterns: patterns)))
        let n = totals[count - 1]
        let rowTotal = { (r: Int) in totals[cells + r] }
        let columnTotal = { (c: Int) in totals[cells + nr + c] }
        var jacobian = SmallMatrix(rows: cells, columns: count)
        var y = SmallMatrix(rows: cells, columns: 1)
        for cell in 0..<cells {
            let r = cell % nr
            let c = cell / nr
            jacobian[cell, cell] = 1
            jacobian[cell, cells + r] = -columnTotal(c) / n
            jacobian[cell, cells + nr + c] = -rowTotal(r) / n
            jacobian[cell, count - 1] = rowTotal(r) * columnTotal(c) / (n * n)
            y[cell, 0] = totals[cell] - rowTotal(r) * columnTotal(c) / n
        }
        let v = jacobian * covariance * jacobian.transposed
        let used = (0..<cells).filter { $0 % nr > 0 && $0 / nr > 0 }
        var vUsed = SmallMatrix(rows: used.count, columns: used.count)
        var yUsed = SmallMatrix(rows: used.count, columns: 1)
        for (i, a) in used.enumerated() {
            yUsed[i, 0] = y[a, 0]
            for (j, b) in used.enumerated() { vUsed[i, j] = v[a, b] }
        }
        guard let solved = vUsed.solve(yUsed) else { return nil }
        let quadratic = (yUsed.transposed * solved)[0, 0]
        let df = Double((nr - 1) * (nc - 1))
        let statistic = quadratic / df
        return TestResult(
            test: .wald, statistic: statistic, numeratorDF: df, denominatorDF: nu,
            pValue: FDistribution.upperTail(statistic, df1: df, df2: nu))
    }

    /// Pearson's X² of a table given cell counts (rows fastest).
    private static func pearson(_ counts: [Double], nr: Int, nc: Int) -> Double {
        let total = counts.reduce(0, +)
        var rowSums = [Double](repeating: 0, count: nr)
        var columnSums = [Double](repeating: 0, count: nc)
        for (cell, count) in counts.enumerated() {
            rowSums[cell % nr] += count
            columnSums[cell / nr] += count
        }
        var statistic = 0.0
        for (cell, count) in counts.enumerated() {
            let expected = rowSums[cell % nr] * columnSums[cell / nr] / total
            statistic += (count - expected) * (count - expected) / expected
        }
        return statistic
    }
}
