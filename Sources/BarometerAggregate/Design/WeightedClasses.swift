/// A domain's rows with their values, as classes of rows alike, each with its weight, value and
/// how many rows it stands for: one class per row (`DomainRows`), or one per profile and value
/// (`ProfileTally`).
///
/// A statistic written once over classes is the same arithmetic over rows (a count of 1
/// multiplies exactly) and a few hundred terms over a tally.
protocol WeightedClasses {
    /// How many rows the classes stand for.
    var rowCount: Int { get }
    /// Calls `body` with each class's weight, value and row count.
    func forEach(_ body: (_ weight: Double, _ value: Double, _ count: Double) -> Void)
}

extension WeightedClasses {
    /// Σ count · weight over the classes.
    var weightSum: Double {
        var sum = 0.0
        forEach { weight, _, count in sum += count * weight }
        return sum
    }
}

/// A domain's rows, each its own class.
struct DomainRows: WeightedClasses {
    let values: [Double]
    let rows: [Int32]
    let weights: [Double]

    var rowCount: Int { rows.count }

    @inline(__always)
    func forEach(_ body: (_ weight: Double, _ value: Double, _ count: Double) -> Void) {
        for row in rows.lazy.map(Int.init) { body(weights[row], values[row], 1) }
    }
}
