/// Linearized scores of statistics of one domain: zero outside it and the row's weight times a
/// factor inside, z_a(i) = w_i · f_a(j) for the domain's j-th row i.
///
/// Every statistic here (means and shares, the logit fit, table cells and totals) has scores of
/// this form. Keeping them as factors over the domain's rows, rather than as vectors over the
/// whole sample, lets an element-sampled design compute their covariance from the domain's rows
/// alone (see `ElementCovariance`).
public struct DomainScores: Sendable {
    /// The domain's rows, ascending.
    public var rows: [Int32]
    /// How many statistics (S).
    public let statisticCount: Int
    let factors: Factors

    /// How the factors are held.
    enum Factors: Sendable {
        /// Row after row, so that a pass over the rows reads a row's factors together:
        /// statistic a's factor of the domain's j-th row is at `j · S + a`.
        case interleaved([Double])
        /// A mean's factors, (y − ȳ) / Σw of `values` at each row, and with a second
        /// statistic the domain indicator's 1 / Σw after them: worked out as the rows are read,
        /// never stored.
        case centred(values: [Double], mean: Double, weightSum: Double)
        /// Factors that take a few distinct rows (a table's cells): row j's factors are row
        /// `patternOfRow[j]` of `patterns` (S values each), stored once.
        case tabulated(patternOfRow: [Int32], patterns: [Double])
    }

    /// Scores from one factor array per statistic, each with one factor per domain row.
    public init(rows: [Int32], factors: [[Double]]) {
        precondition(factors.allSatisfy { $0.count == rows.count })
        let statistics = factors.count
        var interleaved = statistics == 1 ? factors[0] : [Double](repeating: 0, count: rows.count * statistics)
        if statistics > 1 {
            interleaved.withUnsafeMutableBufferPointer { result in
                for (a, factor) in factors.enumerated() {
                    factor.withUnsafeBufferPointer { factor in
                        for j in factor.indices { result[j * statistics + a] = factor[j] }
                    }
                }
            }
        }
        self.rows = rows
        statisticCount = statistics
        self.factors = .interleaved(interleaved)
    }

    /// Scores whose factor rows are each one of a few patterns: row j's factors are pattern
    /// `patternOfRow[j]`, whose statistic a is at `patterns[pattern · S + a]`.
    init(rows: [Int32], statisticCount: Int, patternOfRow: [Int32], patterns: [Double]) {
        precondition(patternOfRow.count == rows.count && patterns.count % max(statisticCount, 1) == 0)
        precondition(patternOfRow.allSatisfy { $0 >= 0 && Int($0) * statisticCount < patterns.count })
        self.rows = rows
        self.statisticCount = statisticCount
        self.factors = .tabulated(patternOfRow: patternOfRow, patterns: patterns)
    }

    /// The scores of the mean `mean` = Σ w·y / `weightSum` of `values` over `rows`, and with
    /// `indicator` those of the domain's size after them; no per-row array is made.
    init(rows: [Int32], centring values: [Double], mean: Double, weightSum: Double, indicator: Bool) {
        self.rows = rows
        statisticCount = indicator ? 2 : 1
        factors = .centred(values: values, mean: mean, weightSum: weightSum)
    }

    /// The rows where `domain` holds and, if given, `values` is not NaN.
    public static func rows(of domain: [Bool], with values: [Double]? = nil) -> [Int32] {
        var rows: [Int32] = []
        if let values {
            for row in domain.indices where domain[row] && !values[row].isNaN { rows.append(Int32(row)) }
        } else {
            for row in domain.indices where domain[row] { rows.append(Int32(row)) }
        }
        return rows
    }

    /// The scores as whole-sample vectors, for designs that need every row.
    func dense(weights: [Double]) -> [[Double]] {
        withFactorRows(DenseScores(rows: rows, statisticCount: statisticCount, weights: weights))
    }

    /// Runs `body` on a reader of the factors row by row, valid during the call; generic, so
    /// each kind of factors gets its own compiled loop.
    func withFactorRows<Body: FactorRowsBody>(_ body: Body) -> Body.Result {
        switch factors {
        case .interleaved(let values):
            return values.withUnsafeBufferPointer { body(InterleavedFactorRows(factors: $0, statisticCount: statisticCount)) }
        case .centred(let values, let mean, let weightSum):
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2) { scratch in
                scratch[1] = 1 / weightSum
                return values.withUnsafeBufferPointer { values in
                    rows.withUnsafeBufferPointer { rows in
                        body(CentredFactorRows(values: values, rows: rows, mean: mean, weightSum: weightSum, scratch: scratch))
                    }
                }
            }
        case .tabulated(let patternOfRow, let patterns):
            return patterns.withUnsafeBufferPointer { patterns in
                patternOfRow.withUnsafeBufferPointer { patternOfRow in
                    body(TabulatedFactorRows(patterns: patterns, patternOfRow: patternOfRow, statisticCount: statisticCount))
                }
            }
        }
    }

    /// The scores as whole-sample vectors.
    private struct DenseScores: FactorRowsBody {
        let rows: [Int32]
        let statisticCount: Int
        let weights: [Double]

        func callAsFunction<Rows: FactorRows>(_ factors: Rows) -> [[Double]] {
            var scores = [[Double]](repeating: [Double](repeating: 0, count: weights.count), count: statisticCount)
            for (j, row) in rows.enumerated() {
                let factor = factors.row(j)
                for a in 0..<statisticCount { scores[a][Int(row)] = weights[Int(row)] * factor[a] }
            }
            return scores
        }
    }
}

/// Work over a domain's factor rows (see `DomainScores.withFactorRows`).
protocol FactorRowsBody {
    associatedtype Result
    func callAsFunction<Rows: FactorRows>(_ factors: Rows) -> Result
}

/// The factors of a domain's rows, one row at a time, for the passes over them.
protocol FactorRows {
    /// Statistic a's factor of the domain's j-th row is `row(j)[a]`, valid until the next call.
    func row(_ j: Int) -> UnsafePointer<Double>
}

/// Factors stored row after row.
struct InterleavedFactorRows: FactorRows {
    let factors: UnsafeBufferPointer<Double>
    let statisticCount: Int

    @inline(__always)
    func row(_ j: Int) -> UnsafePointer<Double> {
        factors.baseAddress! + j * statisticCount
    }
}

/// A mean's factors (and the indicator's, kept in the scratch's second slot), worked out as
/// each row is read: the same arithmetic as storing them first.
struct CentredFactorRows: FactorRows {
    let values: UnsafeBufferPointer<Double>
    let rows: UnsafeBufferPointer<Int32>
    let mean: Double
    let weightSum: Double
    let scratch: UnsafeMutableBufferPointer<Double>

    @inline(__always)
    func row(_ j: Int) -> UnsafePointer<Double> {
        scratch[0] = (values[Int(rows[j])] - mean) / weightSum
        return UnsafePointer(scratch.baseAddress!)
    }
}

/// Factor rows looked up in a table of the few distinct ones.
struct TabulatedFactorRows: FactorRows {
    let patterns: UnsafeBufferPointer<Double>
    let patternOfRow: UnsafeBufferPointer<Int32>
    let statisticCount: Int

    @inline(__always)
    func row(_ j: Int) -> UnsafePointer<Double> {
        patterns.baseAddress! + Int(patternOfRow[j]) * statisticCount
    }
}
