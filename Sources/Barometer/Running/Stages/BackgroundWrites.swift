import Dispatch
import Foundation

/// Artifact writes that run beside the next stage, on the other core: the data is already in
/// memory and the next stage does not read the artifact back, so only publishing the run has
/// to wait for them.
final class BackgroundWrites: @unchecked Sendable {
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var failure: (any Error)?

    /// Starts `write` on a thread of its own; its error, if any, is thrown by the next `wait()`.
    ///
    /// Not on Dispatch's pool: a write there takes one of its threads, and `Parallel.map` in
    /// the next stage would then run its pieces one after the other.
    func start(_ write: @escaping @Sendable () throws -> Void) {
        group.enter()
        Thread {
            do {
                try write()
            } catch {
                self.lock.withLock { self.failure = self.failure ?? error }
            }
            self.group.leave()
        }.start()
    }

    /// Waits for every write started so far; throws the first failure.
    func wait() throws {
        group.wait()
        let failure = lock.withLock { self.failure }
        if let failure { throw failure }
    }

    /// A value handed to one write, which takes it: it is then freed as the write lets go of
    /// it, not when the write's closure is.
    final class Handoff<Value>: @unchecked Sendable {
        private var value: Value?

        init(_ value: Value) {
            self.value = value
        }

        /// The value; only the one write that takes it may call this, once.
        func take() -> Value {
            defer { value = nil }
            return value!
        }
    }
}
