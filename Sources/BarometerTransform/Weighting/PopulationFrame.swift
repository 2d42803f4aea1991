import BarometerCore

/// Population counts per stratum (or per cell), read from a frame file.
public struct PopulationFrame: Sendable, Equatable {
    /// Population count per stratum code.
    public var counts: [Int32: Double]
    /// The file the counts came from, for messages.
    public var source: String

    public init(counts: [Int32: Double], source: String) {
        self.counts = counts
        self.source = source
    }

    /// Reads the counts from the columns `stratum` and `population` of a frame dataset.
    ///
    /// A missing or repeated stratum, or a count that is missing, zero or negative, is an error
    /// at its line: a frame is small and must be right before any weighting starts.
    public init(dataset: Dataset, stratumColumn: String, populationColumn: String) throws {
        let strata = try dataset.requireColumn(stratumColumn, for: "the population frame's stratum")
        let sizes = try dataset.requireColumn(populationColumn, for: "the population frame's count")
        var counts: [Int32: Double] = [:]
        for row in 0..<dataset.rowCount {
            guard let stratum = strata.code(at: row) else {
                throw BarometerError(
                    .badData, "stratum is missing or not a whole number",
                    at: dataset.location(ofRow: row, column: stratumColumn))
            }
            guard let size = sizes.number(at: row), size > 0, size.isFinite else {
                throw BarometerError(
                    .badData, "population count of stratum \(stratum) must be a positive number, found '\(sizes.text(at: row))'",
                    at: dataset.location(ofRow: row, column: populationColumn))
            }
            guard counts.updateValue(size, forKey: stratum) == nil else {
                throw BarometerError(
                    .badData, "stratum \(stratum) appears twice in the frame",
                    at: dataset.location(ofRow: row, column: stratumColumn))
            }
        }
        self.init(counts: counts, source: dataset.sourceFile)
    }
}
