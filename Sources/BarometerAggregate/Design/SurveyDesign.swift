import BarometerCore

/// A stratified, optionally clustered, sample design with weights: what Taylor-linearized
/// variances are computed over.
///
/// It mirrors R's `svydesign(ids = ~psu, strata = ~stratum, fpc = ~N, weights = ~w)` with
/// clusters nested in strata. A domain (subgroup) is a row mask over the whole design, never a
/// smaller design: variances then count every PSU of the sample, as R's `subset` does.
///
/// Weights that were post-stratified, raked or calibrated carry a `Calibration`; the variance
/// then works on the residuals of that calibration, as R's does for `postStratify`, `rake` and
/// `calibrate` designs.
public struct SurveyDesign: Sendable {
    public let weights: [Double]
    /// True when the weights were calibrated to population counts. R keeps every row of a
    /// calibrated design in a subset (with weight 0 outside it), which a few statistics notice.
    public let isCalibrated: Bool
    /// The calibration the weights went through; nil for plain weights.
    private let calibration: Calibration?
    /// The calibration's residuals, applied to every score vector of the whole-sample path;
    /// nil for plain weights, and for a design the element path serves, which builds them
    /// only when a whole-sample covariance is asked for (they are a few arrays per row).
    private let calibrationResiduals: CalibrationResiduals?
    /// Stratum index (0..<stratumCount) of each row.
    let stratumOfRow: [Int32]
    /// PSU index (0..<psuCount) of each row.
    let psuOfRow: [Int32]
    /// Stratum index of each PSU.
    let stratumOfPSU: [Int32]
    /// PSUs per stratum in the whole sample.
    let psusInStratum: [Int]
    /// n_h / N_h per stratum, 0 without a finite population correction.
    let samplingFraction: [Double]
    /// The fast path for domain scores when each row is its own PSU and the weights went
    /// through at most one post-stratification or raking; nil otherwise.
    private let elementCovariance: ElementCovariance?

    public var rowCount: Int { weights.count }
    public var stratumCount: Int { psusInStratum.count }
    public var psuCount: Int { stratumOfPSU.count }

    /// - Parameters:
    ///   - strata: stratum code per row; nil for an unstratified design.
    ///   - clusters: PSU code per row (nested in strata); nil when each row is its own PSU.
    ///   - populationSizes: population count of the row's stratum (PSUs in the population when
    ///     clustered); nil for sampling with replacement.
    ///   - calibration: how the weights were calibrated (post-strata, raking margins, a
    ///     calibration model); nil for weights used as they are.
    /// - Throws: `.badData` when a stratum has a single PSU (its variance cannot be estimated)
    ///   or a population count is smaller than the sample.
    public init(
        weights: [Double], strata: [Int32]? = nil, clusters: [Int32]? = nil, populationSizes: [Double]? = nil,
        calibration: Calibration? = nil
    ) throws {
        let n = weights.count
        self.weights = weights
        let calibrated = calibration.map { !$0.steps.isEmpty } ?? false
        self.isCalibrated = calibrated
        self.calibration = calibrated ? calibration : nil
        if calibrated { try CalibrationResiduals.check(calibration!, rowCount: n) }
        var stratumCodes = [Int32(0)]
        var stratumOfRow = [Int32](repeating: 0, count: n)
        if let strata {
            let levels = CodeLevels(strata)
            stratumCodes = levels.codes
            stratumOfRow = levels.levels(of: strata)
        }
        var psuOfRow = [Int32](repeating: 0, count: n)
        var stratumOfPSU: [Int32] = []
        if let clusters {
            var psuIndex: [Int64: Int32] = [:]
            for row in 0..<n {
                let key = Int64(stratumOfRow[row]) << 32 | Int64(UInt32(bitPattern: clusters[row]))
                if let index = psuIndex[key] {
                    psuOfRow[row] = index
                } else {
                    let index = Int32(stratumOfPSU.count)
                    psuIndex[key] = index
                    stratumOfPSU.append(stratumOfRow[row])
                    psuOfRow[row] = index
                }
            }
        } else {
            for row in 0..<n { psuOfRow[row] = Int32(row) }
            stratumOfPSU = stratumOfRow
        }
        var psusInStratum = [Int](repeating: 0, count: stratumCodes.count)
        for stratum in stratumOfPSU { psusInStratum[Int(stratum)] += 1 }
        for (index, count) in psusInStratum.enumerated() where count < 2 {
            throw BarometerError(
                .badData,
                "stratum \(stratumCodes[index]) has only one primary sampling unit, so its variance cannot be estimated; collapse it with another stratum"
            )
        }
        var fraction = [Double](repeating: 0, count: stratumCodes.count)
        if let populationSizes {
            var seen = [Double?](repeating: nil, count: stratumCodes.count)
            for row in 0..<n {
                let stratum = Int(stratumOfRow[row])
                let size = populationSizes[row]
                if let previous = seen[stratum], previous != size {
                    throw BarometerError(
                        .badData, "population size differs within stratum \(stratumCodes[stratum]) (\(previous) and \(size))")
                }
                seen[stratum] = size
            }
            for stratum in 0..<stratumCodes.count {
                let size = seen[stratum] ?? .nan
                guard size >= Double(psusInStratum[stratum]) else {
                    throw BarometerError(
                        .badData,
                        "stratum \(stratumCodes[stratum]) has \(psusInStratum[stratum]) sampled units but a population of \(NumberFormat.roundTrip(size))"
                    )
                }
                fraction[stratum] = Double(psusInStratum[stratum]) / size
            }
        }
        self.stratumOfRow = stratumOfRow
        self.psuOfRow = psuOfRow
        self.stratumOfPSU = stratumOfPSU
        self.psusInStratum = psusInStratum
        self.samplingFraction = fraction
        let terms = calibrated ? CellTerms(soleStepOf: calibration!) : nil
        if clusters == nil, !calibrated || terms != nil {
            elementCovariance = ElementCovariance(
                weights: weights, stratumOfRow: stratumOfRow, rowsInStratum: psusInStratum, samplingFraction: fraction,
                terms: terms)
            calibrationResiduals = nil
        } else {
            elementCovariance = nil
            calibrationResiduals = calibrated ? CalibrationResiduals(checked: calibration!) : nil
        }
    }

    /// The design covariance matrix of a domain's statistics, from their scores.
    public func covariance(of scores: DomainScores) -> [[Double]] {
        if let elementCovariance { return elementCovariance.covariance(of: scores) }
        return covariance(ofScores: scores.dense(weights: weights))
    }

    /// The tally of `values` over `rows` by the rows' profiles; nil unless each row is its own
    /// PSU, rows repeat, and every value is 0 or 1 (see `ProfileTally`).
    func tally(of values: [Double], inRows rows: [Int32]) -> ProfileTally? {
        elementCovariance.flatMap { ProfileTally(of: values, inRows: rows, design: $0) }
    }

    /// The design variance of one domain statistic, from its scores.
    public func variance(of scores: DomainScores) -> Double {
        covariance(of: scores)[0][0]
    }

    /// The design variance of a total, from per-row linearized scores.
    ///
    /// Scores are replaced by the calibration's residuals (if any), summed per PSU, centred
    /// within each stratum, and the squares scaled by n_h / (n_h - 1) and (1 - f_h): R's
    /// `svyrecvar` for a one-stage design.
    public func variance(ofScores scores: [Double]) -> Double {
        covariance(ofScores: [scores])[0][0]
    }

    /// The design covariance matrix of several totals, one score vector per total.
    public func covariance(ofScores scores: [[Double]]) -> [[Double]] {
        let residuals = calibrationResiduals ?? calibration.map { CalibrationResiduals(checked: $0) }
        let scores = residuals.map { residuals in scores.map(residuals.apply) } ?? scores
        let k = scores.count
        let psus = psuCount
        // Flat per-PSU totals, column after column: one allocation, no nested copy-on-write.
        var totals = [Double](repeating: 0, count: k * psus)
        var means = [Double](repeating: 0, count: k * stratumCount)
        var result = [Double](repeating: 0, count: k * k)
        totals.withUnsafeMutableBufferPointer { totals in
            psuOfRow.withUnsafeBufferPointer { psuOfRow in
                for column in 0..<k {
                    scores[column].withUnsafeBufferPointer { values in
                        let base = column * psus
                        for row in 0..<rowCount where values[row] != 0 { totals[base + Int(psuOfRow[row])] += values[row] }
                    }
                }
            }
            stratumOfPSU.withUnsafeBufferPointer { stratumOfPSU in
                for column in 0..<k {
                    let base = column * psus
                    for psu in 0..<psus { means[column * stratumCount + Int(stratumOfPSU[psu])] += totals[base + psu] }
                    for stratum in 0..<stratumCount { means[column * stratumCount + stratum] /= Double(psusInStratum[stratum]) }
                }
                let scale = (0..<stratumCount).map { stratum in
                    let count = Double(psusInStratum[stratum])
                    return (1 - samplingFraction[stratum]) * count / (count - 1)
                }
                var deviations = [Double](repeating: 0, count: k)
                for psu in 0..<psus {
                    let stratum = Int(stratumOfPSU[psu])
                    var any = false
                    for i in 0..<k {
                        deviations[i] = totals[i * psus + psu] - means[i * stratumCount + stratum]
                        any = any || deviations[i] != 0
                    }
                    guard any else { continue }
                    for i in 0..<k where deviations[i] != 0 {
                        let scaled = scale[stratum] * deviations[i]
                        for j in i..<k { result[i * k + j] += scaled * deviations[j] }
                    }
                }
            }
        }
        return (0..<k).map { i in (0..<k).map { j in i <= j ? result[i * k + j] : result[j * k + i] } }
    }

    /// Design degrees of freedom of a domain: PSUs minus strata among its rows, as R's `degf`
    /// on a subset design.
    public func degreesOfFreedom(in domain: [Bool]) -> Double {
        degreesOfFreedom(inRows: DomainScores.rows(of: domain))
    }

    /// Design degrees of freedom of the whole sample: PSUs minus strata (every one has rows).
    public var degreesOfFreedom: Double { Double(psuCount - stratumCount) }

    /// Design degrees of freedom of the domain made of `rows` (each row once).
    public func degreesOfFreedom(inRows rows: [Int32]) -> Double {
        // With each row its own PSU (as many PSUs as rows), the domain's PSUs are its rows.
        let elements = psuCount == rowCount
        var psuSeen = [Bool](repeating: false, count: elements ? 0 : psuCount)
        var stratumSeen = [Bool](repeating: false, count: stratumCount)
        var psus = elements ? rows.count : 0
        var strata = 0
        for row in rows.lazy.map(Int.init) {
            if !elements, !psuSeen[Int(psuOfRow[row])] {
                psuSeen[Int(psuOfRow[row])] = true
                psus += 1
            }
            let stratum = Int(stratumOfRow[row])
            if !stratumSeen[stratum] {
                stratumSeen[stratum] = true
                strata += 1
            }
        }
        return Double(psus - strata)
    }
}
