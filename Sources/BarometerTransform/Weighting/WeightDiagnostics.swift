/// How uneven a set of weights is, and what that costs in precision.
///
/// The Kish design effect due to weighting is 1 + CV² (CV with the population variance of the
/// weights), and the effective sample size n / (1 + CV²).
public struct WeightDiagnostics: Sendable, Equatable, Codable {
    public var count: Int
    public var minimum: Double
    public var maximum: Double
    public var mean: Double
    public var sum: Double
    public var coefficientOfVariation: Double

    public var kishDesignEffect: Double { 1 + coefficientOfVariation * coefficientOfVariation }
    public var effectiveSampleSize: Double { Double(count) / kishDesignEffect }

    public init(weights: [Double]) {
        count = weights.count
        minimum = weights.min() ?? .nan
        maximum = weights.max() ?? .nan
        sum = weights.reduce(0, +)
        mean = count > 0 ? sum / Double(count) : .nan
        let mean = self.mean
        let squares = weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        coefficientOfVariation = count > 0 ? (squares / Double(count)).squareRoot() / mean : .nan
    }
}
