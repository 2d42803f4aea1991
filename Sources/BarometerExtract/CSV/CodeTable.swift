/// The answer codes a codebook lists for one variable, as a lookup table: a membership test
/// per cell without hashing, for the readers' inner loops.
///
/// Built only when the codes span fewer than 65,536 values (a table of one `Bool` each);
/// `init` is nil otherwise, and the caller decides what a code outside any table means.
struct CodeTable: Sendable {
    private let table: [Bool]
    private let lowest: Int32

    /// A table of `codes`; nil when there are none or they span too wide a range.
    init?(_ codes: Set<Int32>) {
        guard let low = codes.min(), let high = codes.max(), Int(high) - Int(low) < 65536 else { return nil }
        var table = [Bool](repeating: false, count: Int(high) - Int(low) + 1)
        for code in codes { table[Int(code) - Int(low)] = true }
        self.table = table
        lowest = low
    }

    /// Whether the codebook lists `code`.
    func contains(_ code: Int32) -> Bool {
        let index = Int(code) - Int(lowest)
        return index >= 0 && index < table.count && table[index]
    }

    /// The codes, ascending and comma-separated, for messages.
    var description: String {
        table.indices.filter { table[$0] }.map { String(Int(lowest) + $0) }.joined(separator: ", ")
    }
}
