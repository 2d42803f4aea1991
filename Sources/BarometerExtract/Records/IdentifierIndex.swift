/// The line each respondent id was first seen on, for finding repeated ids.
///
/// Numeric ids, the common case, live in an open-addressing table with a multiplicative hash,
/// which costs a few instructions per lookup where `Dictionary`'s seeded SipHash costs tens;
/// at a million rows that difference is a tenth of the extract. Other ids use a dictionary.
struct IdentifierIndex {
    /// Slot keys; `vacant` where no id is stored (numeric ids are never negative).
    private var keys: [Int64]
    private var lines: [Int32]
    private var stored = 0
    private var shift: UInt64
    private var others: [IdentifierKey: Int] = [:]
    private static let vacant: Int64 = -1

    /// An index sized for about `capacity` ids (it grows past that).
    init(capacity: Int) {
        var bits = 4
        while 1 << bits < capacity + capacity / 2 { bits += 1 }
        keys = [Int64](repeating: Self.vacant, count: 1 << bits)
        lines = [Int32](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// A row whose id cannot stand: missing (`firstLine` nil) or a repeat of an earlier row's.
    struct Problem {
        var row: Int
        var firstLine: Int?

        /// Why the row is turned away; `id` is the id as written.
        func reason(id: String) -> String {
            firstLine.map { "duplicate id \(id), first seen on line \($0)" } ?? "the id is missing"
        }
    }

    /// The rows, in order, whose id is missing or repeats an earlier row's (the first row with
    /// an id is kept), of `rows` rows with ids `key(row)` on lines `line(row)`.
    static func problems(rows: Int, key: (Int) -> IdentifierKey, line: (Int) -> Int) -> [Problem] {
        // Exports usually list respondents by ascending id: while each id is a number above the
        // one before, none can repeat, and the table is only filled if the order breaks.
        var ascending = 0
        var last: Int64 = -1
        while ascending < rows, let number = key(ascending).number, number > last {
            last = number
            ascending += 1
        }
        guard ascending < rows else { return [] }
        var index = IdentifierIndex(capacity: rows)
        for row in 0..<ascending { _ = index.firstLine(of: key(row), recording: line(row)) }
        var problems: [Problem] = []
        for row in ascending..<rows {
            let id = key(row)
            if id.isEmpty {
                problems.append(Problem(row: row, firstLine: nil))
            } else if let first = index.firstLine(of: id, recording: line(row)) {
                problems.append(Problem(row: row, firstLine: first))
            }
        }
        return problems
    }

    /// The line `key` was first seen on, or nil after recording `line` as its first.
    mutating func firstLine(of key: IdentifierKey, recording line: Int) -> Int? {
        guard let number = key.number else {
            if let first = others[key] { return first }
            others[key] = line
            return nil
        }
        var slot = self.slot(of: number)
        while keys[slot] != Self.vacant {
            if keys[slot] == number { return Int(lines[slot]) }
            slot = (slot + 1) & (keys.count - 1)
        }
        keys[slot] = number
        lines[slot] = Int32(clamping: line)
        stored += 1
        // Linear probing stays short up to about three quarters full.
        if stored * 4 > keys.count * 3 { grow() }
        return nil
    }

    private func slot(of number: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: number) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldLines = lines
        keys = [Int64](repeating: Self.vacant, count: oldKeys.count * 2)
        lines = [Int32](repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        for (key, line) in zip(oldKeys, oldLines) where key != Self.vacant {
            var slot = slot(of: key)
            while keys[slot] != Self.vacant { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            lines[slot] = line
        }
    }
}
