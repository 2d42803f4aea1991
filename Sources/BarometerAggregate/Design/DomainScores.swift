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
    /// For each statistic, one factor per domain row.
    public var factors: [[Double]]

    public init(rows: [Int32], factors: [[Double]]) {
        precondition(factors.allSatisfy { $0.count == rows.count })
        self.rows = rows
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
        factors.map { factor in
            var scores = [Double](repeating: 0, count: weights.count)
            for (j, row) in rows.enumerated() { scores[Int(row)] = weights[Int(row)] * factor[j] }
            return scores
        }
    }
}
