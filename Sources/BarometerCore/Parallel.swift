import Dispatch

/// Independent pieces of work spread over the processor's cores: chunks of a file being
/// parsed, estimates of an aggregate.
///
/// Each piece is computed exactly as it would be alone, and the results come back in index
/// order, so results do not depend on the number of threads.
package enum Parallel {
    /// `transform(0..<count)` in order, computed concurrently.
    package static func map<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) throws -> T) throws -> [T] {
        let results = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.store(Result { try transform(index) }, at: index)
        }
        return try results.collect()
    }

    /// One slot per piece, each written by exactly one thread before `collect` reads them all.
    private final class ResultSlots<T: Sendable>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Result<T, any Error>?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ result: Result<T, any Error>, at index: Int) { slots[index] = result }

        func collect() throws -> [T] { try slots.map { try $0!.get() } }
    }
}
