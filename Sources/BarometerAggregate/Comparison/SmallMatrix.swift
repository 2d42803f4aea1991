/// A small dense matrix for the few linear-algebra steps of the Rao–Scott correction (tables
/// of a dozen cells), written out rather than pulled in from a library.
struct SmallMatrix: Equatable {
    var rows: Int
    var columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = rows
        self.columns = columns
        values = [Double](repeating: value, count: rows * columns)
    }

    init(_ nested: [[Double]]) {
        rows = nested.count
        columns = nested.first?.count ?? 0
        values = nested.flatMap { $0 }
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    static func diagonal(_ entries: [Double]) -> SmallMatrix {
        var matrix = SmallMatrix(rows: entries.count, columns: entries.count)
        for (index, entry) in entries.enumerated() { matrix[index, index] = entry }
        return matrix
    }

    var transposed: SmallMatrix {
        var result = SmallMatrix(rows: columns, columns: rows)
        for row in 0..<rows { for column in 0..<columns { result[column, row] = self[row, column] } }
        return result
    }

    static func * (lhs: SmallMatrix, rhs: SmallMatrix) -> SmallMatrix {
        precondition(lhs.columns == rhs.rows)
        var result = SmallMatrix(rows: lhs.rows, columns: rhs.columns)
        for row in 0..<lhs.rows {
            for inner in 0..<lhs.columns where lhs[row, inner] != 0 {
                for column in 0..<rhs.columns { result[row, column] += lhs[row, inner] * rhs[inner, column] }
            }
        }
        return result
    }

    static func - (lhs: SmallMatrix, rhs: SmallMatrix) -> SmallMatrix {
        var result = lhs
        for index in result.values.indices { result.values[index] -= rhs.values[index] }
        return result
    }

    var trace: Double { (0..<min(rows, columns)).reduce(0) { $0 + self[$1, $1] } }

    /// X solving self · X = rhs, by Gaussian elimination with partial pivoting; nil if singular.
    func solve(_ rhs: SmallMatrix) -> SmallMatrix? {
        precondition(rows == columns && rhs.rows == rows)
        var a = self
        var b = rhs
        for pivotColumn in 0..<rows {
            let pivot = (pivotColumn..<rows).max { abs(a[$0, pivotColumn]) < abs(a[$1, pivotColumn]) }!
            guard a[pivot, pivotColumn] != 0 else { return nil }
            if pivot != pivotColumn {
                for column in 0..<columns { a.swapAt(pivot, pivotColumn, column) }
                for column in 0..<b.columns { b.swapAt(pivot, pivotColumn, column) }
            }
            for row in (pivotColumn + 1)..<rows {
                let factor = a[row, pivotColumn] / a[pivotColumn, pivotColumn]
                if factor == 0 { continue }
                for column in pivotColumn..<columns { a[row, column] -= factor * a[pivotColumn, column] }
                for column in 0..<b.columns { b[row, column] -= factor * b[pivotColumn, column] }
            }
        }
        var x = SmallMatrix(rows: rows, columns: b.columns)
        for column in 0..<b.columns {
            for row in stride(from: rows - 1, through: 0, by: -1) {
                var sum = b[row, column]
                for inner in (row + 1)..<rows { sum -= a[row, inner] * x[inner, column] }
                x[row, column] = sum / a[row, row]
            }
        }
        return x
    }

    /// The residuals of regressing each column of `y` on the columns of `self` (R's `qr.resid`).
    func residuals(of y: SmallMatrix) -> SmallMatrix? {
        let xt = transposed
        guard let coefficients = (xt * self).solve(xt * y) else { return nil }
        return y - self * coefficients
    }

    private mutating func swapAt(_ first: Int, _ second: Int, _ column: Int) {
        let value = self[first, column]
        self[first, column] = self[second, column]
        self[second, column] = value
    }
}
