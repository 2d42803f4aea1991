import Testing

@testable import BarometerCore

/// Job lists run together come back whole, in order, whatever the lists' sizes.
@Suite struct ParallelJobsTests {
    @Test func concatenatedListsKeepTheirOrderAcrossEmptyOnes() throws {
        let lists = [3, 0, 2, 0].enumerated().map { list, count in
            ParallelJobs(count: count) { "\(list).\($0)" }
        }
        let jobs = ParallelJobs(concatenating: lists)
        #expect(jobs.count == 5)
        #expect(try Parallel.run(jobs) == ["0.0", "0.1", "0.2", "2.0", "2.1"])
        #expect(ParallelJobs<String>(concatenating: []).count == 0)
    }

    @Test func twoListsInOnePoolComeBackApart() throws {
        let squares = ParallelJobs(count: 40) { $0 * $0 }
        let names = ParallelJobs(count: 3) { "job \($0)" }
        let (first, second) = try Parallel.run(squares, names)
        #expect(first == (0..<40).map { $0 * $0 })
        #expect(second == ["job 0", "job 1", "job 2"])
    }

    @Test func aFailingPieceFailsTheRun() {
        struct Failure: Error {}
        let jobs = ParallelJobs(count: 4) { index -> Int in
            if index == 2 { throw Failure() }
            return index
        }
        #expect(throws: Failure.self) { try Parallel.run(jobs, ParallelJobs(count: 1) { $0 }) }
    }
}
