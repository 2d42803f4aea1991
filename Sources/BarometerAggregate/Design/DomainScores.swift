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
    /// The factors row after row, so that a pass over the rows reads a row's factors together:
    /// statistic a's factor of the domain's j-th row is `factors[j · S + a]`.
    public let factors: [Double]

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
        self.init(rows: rows, statisticCount: statistics, interleaved: interleaved)
    }

    /// Scores whose factors are already row after row (see `factors`): for statistics built
    /// row by row, which then need no second copy.
    public init(rows: [Int32], statisticCount: Int, interleaved factors: [Double]) {
        precondition(factors.count == rows.count * statisticCount)
        self.rows = rows
        self.statisticCount = statisticCount
        self.factors = factors
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
        (0..<statisticCount).map { a in
            var scores = [Double](repeating: 0, count: weights.count)
            for (j, row) in rows.enumerated() { scores[Int(row)] = weights[Int(row)] * factors[j * statisticCount + a] }
            return scores
        }
    }
}
