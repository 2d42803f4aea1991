import BarometerCore

/// The rows of a dataset placed in the cells of a population frame, after the cells the
/// pipeline collapses are merged; what post-stratification and each raking margin work on.
///
/// Building it is where a bad frame is caught, before any weight is computed: a sample cell
/// the frame has no count for, and a population cell without respondents (named, with the
/// `collapse:` that would fix it), both fail with every offending cell listed.
struct CellAssignment: Sendable {
    /// The margin's name: its variables joined by ":".
    var name: String
    /// The merged cell of each row, 0..<cellCount.
    var cellOfRow: [Int32]
    /// Population count of each merged cell.
    var targets: [Double]
    /// Each merged cell as written in diagnostics: "4", "2:3", or "4+5" when merged.
    var labels: [String]
    /// Respondents in each merged cell.
    var respondents: [Int]

    var cellCount: Int { targets.count }

    /// - Parameters:
    ///   - collapse: groups of frame cells to merge into one, e.g. `[[[4], [5]]]`.
    init(dataset: Dataset, frame: CellFrame, collapse: [[[Int32]]] = []) throws {
        name = frame.name
        let key = { (cell: [Int32]) in cell.map(String.init).joined(separator: ":") }
        var frameIndex: [[Int32]: Int] = [:]
        for (index, cell) in frame.cells.enumerated() { frameIndex[cell] = index }

        // Merged cell of every frame cell: collapsed groups first take the place of their first
        // member, so cells keep the frame's order.
        var group = Array(frame.cells.indices)
        var collapsed = Set<Int>()
        for members in collapse {
            var indices: [Int] = []
            for cell in members {
                guard cell.count == frame.variables.count, let index = frameIndex[cell] else {
                    throw BarometerError(
                        .usage,
                        "collapse names cell \(key(cell)) of \(frame.name), which the frame \(frame.source) does not have"
                    )
                }
                guard collapsed.insert(index).inserted else {
                    throw BarometerError(.usage, "collapse names cell \(key(cell)) of \(frame.name) twice")
                }
                indices.append(index)
            }
            let first = indices.min() ?? 0
            for index in indices { group[index] = first }
        }
        var mergedIndex = [Int](repeating: -1, count: frame.cells.count)
        var targets: [Double] = []
        var labels: [String] = []
        for index in frame.cells.indices {
            let root = group[index]
            if mergedIndex[root] < 0 {
                mergedIndex[root] = targets.count
                targets.append(0)
                labels.append("")
            }
            let merged = mergedIndex[root]
            mergedIndex[index] = merged
            targets[merged] += frame.counts[index]
            labels[merged] += (labels[merged].isEmpty ? "" : "+") + key(frame.cells[index])
        }

        let columns = try frame.variables.map {
            try dataset.requireColumn($0, for: "weighting (cells of \(frame.name))").codes()
        }
        // The first row (and, in it, the first variable) without a code, as a pass would meet it.
        let missing = columns.enumerated().compactMap { position, codes in
            codes.firstIndex(of: Column.missingCode).map { (row: $0, position: position) }
        }.min { ($0.row, $0.position) < ($1.row, $1.position) }
        if let missing {
            throw BarometerError(
                .badData, "\(frame.variables[missing.position]) is missing; weighting needs it",
                at: dataset.location(ofRow: missing.row, column: frame.variables[missing.position]))
        }
        // Each row's combination of code levels, looked up in a table of the frame's cells:
        // no hashing per row.
        let levels = columns.map { CodeLevels($0) }
        let (combinations, overflow) = levels.reduce((1, false)) { product, levels in
            let next = product.0.multipliedReportingOverflow(by: max(1, levels.count))
            return (next.partialValue, product.1 || next.overflow)
        }
        guard !overflow else {
            throw BarometerError(
                .usage, "the variables of \(frame.name) take too many combinations of values to be weighting cells")
        }
        let lookup = CombinationLookup(levels: levels, combinations: combinations, cells: frame.cells)
        var cellOfRow = [Int32](repeating: 0, count: dataset.rowCount)
        var respondents = [Int](repeating: 0, count: targets.count)
        var unknown: [[Int32]: Int] = [:]
        for row in 0..<dataset.rowCount {
            var combination = 0
            for (codes, levels) in zip(columns, levels) { combination = combination * levels.count + levels.level(of: codes[row]) }
            guard let index = lookup[combination] else {
                unknown[columns.map { $0[row] }, default: 0] += 1
                continue
            }
            let merged = mergedIndex[index]
            cellOfRow[row] = Int32(merged)
            respondents[merged] += 1
        }
        if !unknown.isEmpty {
            let list = unknown.keys.sorted { $0.lexicographicallyPrecedes($1) }
                .map { "\(frame.label(of: $0)) (\(unknown[$0]!) respondents)" }
            throw BarometerError(
                .badData,
                "the sample has \(frame.name) cells with no population count in \(frame.source): \(list.joined(separator: "; ")); add them to the frame"
            )
        }
        let empty = respondents.indices.filter { respondents[$0] == 0 }
        if !empty.isEmpty {
            let list = empty.map { "\(labels[$0]) (population \(NumberFormat.roundTrip(targets[$0])))" }
            let example = empty.first.map { cellIndex -> String in
                let member = frame.cells.indices.first { mergedIndex[$0] == cellIndex }!
                let neighbour = frame.cells.indices.first { mergedIndex[$0] != cellIndex } ?? member
                return frame.variables.count == 1
                    ? "[[\(frame.cells[member][0]), \(frame.cells[neighbour][0])]]"
                    : "[[\"\(key(frame.cells[member]))\", \"\(key(frame.cells[neighbour]))\"]]"
            }!
            throw BarometerError(
                .badData,
                "population cells of \(frame.name) in \(frame.source) have no respondents: \(list.joined(separator: "; ")); merge each with a neighbouring cell, e.g. collapse: \(example)"
            )
        }
        self.cellOfRow = cellOfRow
        self.targets = targets
        self.labels = labels
        self.respondents = respondents
    }

    /// Weighted total of each cell.
    func totals(of weights: [Double]) -> [Double] {
        var totals = [Double](repeating: 0, count: cellCount)
        for row in weights.indices { totals[Int(cellOfRow[row])] += weights[row] }
        return totals
    }

    /// The diagnostics row of each cell at `weights`.
    func gaps(at weights: [Double]) -> [CalibrationReport.Cell] {
        let achieved = totals(of: weights)
        return (0..<cellCount).map {
            CalibrationReport.Cell(
                margin: name, cell: labels[$0], respondents: respondents[$0], target: targets[$0],
                achieved: achieved[$0])
        }
    }
}

/// The frame cell of each combination of code levels found in the data (level of the first
/// variable varying slowest), as a table when the combinations are few enough (always, for
/// real margins) and as a dictionary otherwise.
private struct CombinationLookup {
    private var table: [Int32] = []
    private var dictionary: [Int: Int] = [:]

    /// - Parameter combinations: the product of the levels' counts (without overflow).
    init(levels: [CodeLevels], combinations: Int, cells: [[Int32]]) {
        var cellOfCombination: [Int: Int] = [:]
        cells: for (index, cell) in cells.enumerated() {
            var combination = 0
            for (code, levels) in zip(cell, levels) {
                // A code no row has: the cell has no respondents.
                guard let level = levels.level(ifPresent: code) else { continue cells }
                combination = combination * levels.count + level
            }
            cellOfCombination[combination] = index
        }
        if combinations <= 1 << 22 {
            table = [Int32](repeating: -1, count: combinations)
            for (combination, index) in cellOfCombination { table[combination] = Int32(index) }
        } else {
            dictionary = cellOfCombination
        }
    }

    subscript(combination: Int) -> Int? {
        guard !table.isEmpty else { return dictionary[combination] }
        let index = table[combination]
        return index < 0 ? nil : Int(index)
    }
}
