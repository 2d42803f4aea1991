/// Independent pieces of work, described before they run, so that several lists of them can
/// share one pool of threads.
///
/// `Parallel.map` nested inside another `Parallel.map` runs its pieces one after the other on
/// the calling thread; work that has pieces of its own is therefore handed to the caller as
/// jobs, and the caller runs every list at once (`Parallel.run`).
package struct ParallelJobs<Piece: Sendable>: Sendable {
    /// How many pieces there are.
    package var count: Int
    /// Computes piece `index` (0..<count); called once per piece, from any thread.
    package var piece: @Sendable (Int) throws -> Piece

    package init(count: Int, piece: @escaping @Sendable (Int) throws -> Piece) {
        self.count = count
        self.piece = piece
    }

    /// The pieces of every list, one list after the other.
    package init(concatenating lists: [ParallelJobs<Piece>]) {
        let starts = lists.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        self.init(count: starts.last!) { index in
            let list = starts.indices.dropLast().last { starts[$0] <= index }!
            return try lists[list].piece(index - starts[list])
        }
    }
}

extension Parallel {
    /// Every piece, computed concurrently, in index order.
    package static func run<Piece>(_ jobs: ParallelJobs<Piece>) throws -> [Piece] {
        try map(jobs.count, jobs.piece)
    }

    /// The pieces of both lists in one pool, `first`'s handed out first (put the longest
    /// pieces there: a core is idle only while the last piece runs).
    package static func run<First, Second>(
        _ first: ParallelJobs<First>, _ second: ParallelJobs<Second>
    ) throws -> (first: [First], second: [Second]) {
        let pieces = try map(first.count + second.count) { index -> Either<First, Second> in
            index < first.count ? .first(try first.piece(index)) : .second(try second.piece(index - first.count))
        }
        var results: (first: [First], second: [Second]) = ([], [])
        for piece in pieces {
            switch piece {
            case .first(let value): results.first.append(value)
            case .second(let value): results.second.append(value)
            }
        }
        return results
    }

    private enum Either<First: Sendable, Second: Sendable>: Sendable {
        case first(First)
        case second(Second)
    }
}
