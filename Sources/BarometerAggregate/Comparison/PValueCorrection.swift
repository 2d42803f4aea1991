/// Corrections of p-values for testing several outcomes at once, as R's `p.adjust`.
public enum PValueCorrection: String, Sendable, Codable, CaseIterable {
    case none
    /// Holm's step-down (family-wise error rate).
    case holm
    /// Benjamini–Hochberg (false discovery rate); R's "BH".
    case bh

    /// The adjusted p-values, in the order given; NaN entries stay NaN and do not count.
    public func adjust(_ pValues: [Double]) -> [Double] {
        let present = pValues.indices.filter { !pValues[$0].isNaN }
        let m = Double(present.count)
        var adjusted = pValues
        switch self {
        case .none:
            return pValues
        case .holm:
            let order = present.sorted { pValues[$0] < pValues[$1] }
            var running = 0.0
            for (rank, index) in order.enumerated() {
                running = max(running, min(1, (m - Double(rank)) * pValues[index]))
                adjusted[index] = running
            }
        case .bh:
            let order = present.sorted { pValues[$0] > pValues[$1] }
            var running = 1.0
            for (rank, index) in order.enumerated() {
                running = min(running, m / (m - Double(rank)) * pValues[index])
                adjusted[index] = min(1, running)
            }
        }
        return adjusted
    }
}
