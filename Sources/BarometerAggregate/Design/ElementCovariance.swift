/// The covariance of a domain's scores in a design whose rows are their own PSUs, from the
/// domain's rows alone: the same value `SurveyDesign.covariance(ofScores:)` gives, up to
/// rounding, without a pass over the whole sample per statistic.
///
/// With one row per PSU the variance of a total is Σ_h c_h (Σ_{i∈h} x_i² − (Σ_{i∈h} x_i)² / n_h).
/// A calibration's residual is x = z − Σ_k a_k b_k (see `CellCorrection`); outside the domain
/// z is 0, so those rows add a quadratic form in the coefficients a whose matrix, Σ_{i∈h} b_k b_l
/// per stratum, depends on the design only and is computed once here.
///
/// When rows repeat (see `RowProfiles`), the pass over a domain's rows only adds up the factors
/// per profile; the cell sums, corrections and products are then taken once per profile, from
/// the design of one row per profile: the correction's per-row arrays are never made.
struct ElementCovariance: Sendable {
    private let weights: [Double]
    /// Per row; per profile when there are profiles.
    private let correction: CellCorrection?
    private let profiles: RowProfiles?
    /// The weight and stratum of each profile, and the profiles' numbers (0, 1, …), which the
    /// passes read as rows.
    let profileWeights: [Double]
    let profileStrata: [Int32]
    private let profileNumbers: [Int32]
    private let stratumOfRow: [Int32]
    private let rowsInStratum: [Double]
    /// (1 − f_h) · n_h / (n_h − 1).
    private let scale: [Double]
    /// Σ_{i∈h} b_k(i) b_l(i), stratum after stratum, K × K each (K the correction's cells).
    private let gram: [Double]
    /// Σ_{i∈h} b_k(i), K per stratum.
    private let basisSums: [Double]

    init(weights: [Double], stratumOfRow: [Int32], rowsInStratum: [Int], samplingFraction: [Double], terms: CellTerms?) {
        self.weights = weights
        let profiles = RowProfiles(weights: weights, stratumOfRow: stratumOfRow, terms: terms, maximum: max(16, weights.count / 8))
        self.profiles = profiles
        let representatives = profiles?.representatives ?? []
        // Per profile when there are profiles, each standing for its rows; per row otherwise.
        let correction = terms.map { CellCorrection($0, rows: profiles?.representatives, counts: profiles?.counts) }
        self.correction = correction
        profileWeights = representatives.map { weights[Int($0)] }
        profileStrata = representatives.map { stratumOfRow[Int($0)] }
        profileNumbers = Array(0..<Int32(representatives.count))
        self.stratumOfRow = stratumOfRow
        self.rowsInStratum = rowsInStratum.map(Double.init)
        scale = rowsInStratum.indices.map { h in
            let n = Double(rowsInStratum[h])
            return (1 - samplingFraction[h]) * n / (n - 1)
        }
        let cells = correction?.cellCount ?? 0
        var gram = [Double](repeating: 0, count: rowsInStratum.count * cells * cells)
        var basisSums = [Double](repeating: 0, count: rowsInStratum.count * cells)
        if let correction {
            let g = correction.groupingCount
            let strata = profiles == nil ? stratumOfRow : profileStrata
            for j in 0..<correction.rowCount {
                let h = Int(strata[j])
                let count = profiles?.counts[j] ?? 1
                for m in 0..<g {
                    let k = Int(correction.cells[j * g + m])
                    let b = correction.basis[j * g + m]
                    basisSums[h * cells + k] += count * b
                    for other in 0..<g {
                        gram[(h * cells + k) * cells + Int(correction.cells[j * g + other])] +=
                            count * (b * correction.basis[j * g + other])
                    }
                }
            }
        }
        self.gram = gram
        self.basisSums = basisSums
    }

    func covariance(of scores: DomainScores) -> [[Double]] {
        if let profiles, case .tabulated(let patternOfRow, let patterns) = scores.factors {
            // Rows of one profile with one pattern have the same factors: they are counted.
            let (statistics, patternCount) = (scores.statisticCount, patterns.count / max(scores.statisticCount, 1))
            var counts = [Int](repeating: 0, count: profiles.count * patternCount)
            for (row, pattern) in zip(scores.rows, patternOfRow) {
                counts[Int(profiles.profileOfRow[Int(row)]) * patternCount + Int(pattern)] += 1
            }
            var sums = ProfileSums(profiles: profiles.count, statistics: statistics)
            patterns.withUnsafeBufferPointer { patterns in
                for (index, count) in counts.enumerated() where count > 0 {
                    let pattern = index % patternCount * statistics
                    let factors = UnsafeBufferPointer(rebasing: patterns[pattern..<(pattern + statistics)])
                    sums.add(Double(count), rowsOf: index / patternCount, withFactors: factors)
                }
            }
            return covariance(of: sums)
        }
        return scores.withFactorRows(Pass(covariance: self, rows: scores.rows, statistics: scores.statisticCount))
    }

    /// `covariance(of:)` for one kind of factor rows.
    private struct Pass: FactorRowsBody {
        let covariance: ElementCovariance
        let rows: [Int32]
        let statistics: Int

        func callAsFunction<Rows: FactorRows>(_ factors: Rows) -> [[Double]] {
            covariance.covariance(rows: rows, statistics: statistics, factors: factors)
        }
    }

    private func covariance<Rows: FactorRows>(rows domainRows: [Int32], statistics: Int, factors: Rows) -> [[Double]] {
        if let profiles {
            // The domain's rows by profile: for each, Σ f_a and Σ f_a f_b over its rows in the domain.
            var sums = ProfileSums(profiles: profiles.count, statistics: statistics)
            Self.sumFactors(
                &sums.factors, &sums.products, rows: domainRows, count: domainRows.count, factors: factors,
                statistics: statistics, profileOfRow: profiles.profileOfRow)
            return covariance(of: sums)
        }
        let cells = correction?.cellCount ?? 0
        let g = correction?.groupingCount ?? 0
        // The coefficients of each statistic's correction, from its cell sums over the domain.
        var coefficients = [Double](repeating: 0, count: statistics * cells)
        if let correction {
            var sums = [Double](repeating: 0, count: statistics * cells)
            Self.sumCells(
                &sums, rows: domainRows, count: domainRows.count, factors: factors, statistics: statistics,
                weights: weights, cellOf: correction.cells, functional: correction.functional, groupings: g, cells: cells)
            coefficients = correction.coefficients(fromCellSums: sums, statistics: statistics)
        }
        // Per stratum: Σ z over the domain, and Σ (x_a x_b − c_a c_b) over it (c the
        // correction), which the rows' part of the quadratic form then completes.
        var totals = [Double](repeating: 0, count: rowsInStratum.count * statistics)
        var products = [Double](repeating: 0, count: rowsInStratum.count * statistics * statistics)
        var work = [Double](repeating: 0, count: 2 * statistics)
        Self.sumProducts(
            &totals, &products, &work, rows: domainRows, count: domainRows.count, factors: factors,
            statistics: statistics, weights: weights, stratumOfRow: stratumOfRow, coefficients: coefficients,
            cellOf: correction?.cells ?? [], basis: correction?.basis ?? [], groupings: g, cells: cells)
        return completed(totals: totals, products: products, coefficients: coefficients, statistics: statistics)
    }

    /// A domain's factors added up per profile (see `RowProfiles`): all the covariance needs.
    struct ProfileSums {
        let statistics: Int
        /// Σ f_a over the profile's rows in the domain, at `p · S + a`.
        var factors: [Double]
        /// Σ f_a f_b (b ≥ a) over them, at `(p · S + a) · S + b`.
        var products: [Double]

        init(profiles: Int, statistics: Int) {
            self.statistics = statistics
            factors = [Double](repeating: 0, count: profiles * statistics)
            products = [Double](repeating: 0, count: profiles * statistics * statistics)
        }

        /// Adds `count` rows of profile `p` whose factors are `f`: count × the row's terms.
        mutating func add(_ count: Double, rowsOf p: Int, withFactors f: UnsafeBufferPointer<Double>) {
            let s = statistics
            for a in 0..<s {
                factors[p * s + a] += count * f[a]
                for b in a..<s { products[(p * s + a) * s + b] += count * (f[a] * f[b]) }
            }
        }
    }

    /// The profile of each row, when rows repeat: what `ProfileSums` are summed over.
    var profileOfRow: [Int32]? { profiles?.profileOfRow }

    /// The covariance of a domain's statistics from their factors' sums per profile; the
    /// design must have profiles.
    func covariance(of sums: ProfileSums) -> [[Double]] {
        let (statistics, profiles) = (sums.statistics, profiles!)
        let cells = correction?.cellCount ?? 0
        let g = correction?.groupingCount ?? 0
        var coefficients = [Double](repeating: 0, count: statistics * cells)
        if let correction {
            var cellSums = [Double](repeating: 0, count: statistics * cells)
            // Each profile's rows stand in for one row whose factors are their sums.
            sums.factors.withUnsafeBufferPointer { factorSums in
                Self.sumCells(
                    &cellSums, rows: profileNumbers, count: profiles.count,
                    factors: InterleavedFactorRows(factors: factorSums, statisticCount: statistics), statistics: statistics,
                    weights: profileWeights, cellOf: correction.cells, functional: correction.functional, groupings: g, cells: cells)
            }
            coefficients = correction.coefficients(fromCellSums: cellSums, statistics: statistics)
        }
        var totals = [Double](repeating: 0, count: rowsInStratum.count * statistics)
        var products = [Double](repeating: 0, count: rowsInStratum.count * statistics * statistics)
        var work = [Double](repeating: 0, count: 2 * statistics)
        Self.sumProfileProducts(
            &totals, &products, &work, profiles: profileNumbers, count: profiles.count, factorSums: sums.factors,
            productSums: sums.products, statistics: statistics, weights: profileWeights, stratumOfRow: profileStrata,
            coefficients: coefficients, cellOf: correction?.cells ?? [], basis: correction?.basis ?? [], groupings: g,
            cells: cells)
        return completed(totals: totals, products: products, coefficients: coefficients, statistics: statistics)
    }

    /// The covariance from the per-stratum totals and products of the domain's rows: the
    /// rows outside the domain add the quadratic form in the coefficients.
    private func completed(totals: [Double], products: [Double], coefficients: [Double], statistics: Int) -> [[Double]] {
        let cells = correction?.cellCount ?? 0
        var result = [[Double]](repeating: [Double](repeating: 0, count: statistics), count: statistics)
        var total = [Double](repeating: 0, count: statistics)
        for h in 0..<rowsInStratum.count {
            for a in 0..<statistics {
                var sum = totals[h * statistics + a]
                for k in 0..<cells { sum -= coefficients[a * cells + k] * basisSums[h * cells + k] }
                total[a] = sum
            }
            for a in 0..<statistics {
                for b in a..<statistics {
                    var square = products[(h * statistics + a) * statistics + b]
                    for k in 0..<cells {
                        let ak = coefficients[a * cells + k]
                        guard ak != 0 else { continue }
                        var row = 0.0
                        for l in 0..<cells { row += gram[(h * cells + k) * cells + l] * coefficients[b * cells + l] }
                        square += ak * row
                    }
                    result[a][b] += scale[h] * (square - total[a] * total[b] / rowsInStratum[h])
                }
            }
        }
        for a in 0..<statistics {
            for b in 0..<a { result[a][b] = result[b][a] }
        }
        return result
    }

    // The two passes over a domain's rows. Arrays come in as pointers (valid for the call):
    // these loops run once per statistic and domain over up to every row of the sample.

    /// sums[a · cells + k] += w_i · f_a(j) · φ_g(i) over the domain's rows.
    private static func sumCells<Rows: FactorRows>(
        _ sums: UnsafeMutablePointer<Double>, rows: UnsafePointer<Int32>, count: Int, factors: Rows,
        statistics: Int, weights: UnsafePointer<Double>, cellOf: UnsafePointer<Int32>, functional: UnsafePointer<Double>,
        groupings g: Int, cells: Int
    ) {
        for j in 0..<count {
            let i = Int(rows[j])
            let row = factors.row(j)
            for a in 0..<statistics {
                let z = weights[i] * row[a]
                let sums = sums + a * cells
                for m in 0..<g { sums[Int(cellOf[i * g + m])] += z * functional[i * g + m] }
            }
        }
    }

    /// Per profile p: F[p · S + a] += f_a(j) and FF[(p · S + a) · S + b] += f_a(j) f_b(j) (b ≥ a)
    /// over the domain's rows.
    private static func sumFactors<Rows: FactorRows>(
        _ factorSums: UnsafeMutablePointer<Double>, _ productSums: UnsafeMutablePointer<Double>, rows: UnsafePointer<Int32>,
        count: Int, factors: Rows, statistics: Int, profileOfRow: UnsafePointer<Int32>
    ) {
        if statistics == 1 {
            for j in 0..<count {
                let p = Int(profileOfRow[Int(rows[j])])
                let f = factors.row(j)[0]
                factorSums[p] += f
                productSums[p] += f * f
            }
            return
        }
        for j in 0..<count {
            let p = Int(profileOfRow[Int(rows[j])])
            let row = factors.row(j)
            let sums = factorSums + p * statistics
            let products = productSums + p * statistics * statistics
            for a in 0..<statistics {
                let fa = row[a]
                sums[a] += fa
                for b in a..<statistics { products[a * statistics + b] += fa * row[b] }
            }
        }
    }

    /// `sumProducts` from the profiles' sums: per profile p with weight w and correction c,
    /// Σ (x_a x_b − c_a c_b) over its rows is w² FF_ab − w F_a c_b − c_a w F_b.
    private static func sumProfileProducts(
        _ totals: UnsafeMutablePointer<Double>, _ products: UnsafeMutablePointer<Double>, _ work: UnsafeMutablePointer<Double>,
        profiles: UnsafePointer<Int32>, count: Int, factorSums: UnsafePointer<Double>, productSums: UnsafePointer<Double>,
        statistics: Int, weights: UnsafePointer<Double>, stratumOfRow: UnsafePointer<Int32>, coefficients: UnsafePointer<Double>,
        cellOf: UnsafePointer<Int32>, basis: UnsafePointer<Double>, groupings g: Int, cells: Int
    ) {
        for p in 0..<count {
            let i = Int(profiles[p])
            let h = Int(stratumOfRow[i])
            let w = weights[i]
            for a in 0..<statistics {
                var c = 0.0
                for m in 0..<g { c += coefficients[a * cells + Int(cellOf[i * g + m])] * basis[i * g + m] }
                work[2 * a] = w * factorSums[p * statistics + a]
                work[2 * a + 1] = c
                totals[h * statistics + a] += work[2 * a]
            }
            let base = h * statistics * statistics
            let squares = productSums + p * statistics * statistics
            for a in 0..<statistics {
                let (za, ca) = (work[2 * a], work[2 * a + 1])
                for b in a..<statistics {
                    products[base + a * statistics + b] += w * w * squares[a * statistics + b] - za * work[2 * b + 1] - ca * work[2 * b]
                }
            }
        }
    }

    /// Per stratum h: totals[h · S + a] += z_a and products[(h · S + a) · S + b] += x_a x_b − c_a c_b.
    private static func sumProducts<Rows: FactorRows>(
        _ totals: UnsafeMutablePointer<Double>, _ products: UnsafeMutablePointer<Double>, _ work: UnsafeMutablePointer<Double>,
        rows: UnsafePointer<Int32>, count: Int, factors: Rows, statistics: Int, weights: UnsafePointer<Double>,
        stratumOfRow: UnsafePointer<Int32>, coefficients: UnsafePointer<Double>, cellOf: UnsafePointer<Int32>,
        basis: UnsafePointer<Double>, groupings g: Int, cells: Int
    ) {
        for j in 0..<count {
            let i = Int(rows[j])
            let h = Int(stratumOfRow[i])
            let row = factors.row(j)
            for a in 0..<statistics {
                let z = weights[i] * row[a]
                var c = 0.0
                for m in 0..<g { c += coefficients[a * cells + Int(cellOf[i * g + m])] * basis[i * g + m] }
                work[2 * a] = z - c
                work[2 * a + 1] = c
                totals[h * statistics + a] += z
            }
            let base = h * statistics * statistics
            for a in 0..<statistics {
                let xa = work[2 * a]
                let ca = work[2 * a + 1]
                for b in a..<statistics { products[base + a * statistics + b] += xa * work[2 * b] - ca * work[2 * b + 1] }
            }
        }
    }
}
