import Foundation

/// Input files hashed on a thread of their own, so the stage that reads them need not wait:
/// only the stage's artifact records the hashes.
///
/// A fresh run hashes the whole export (a second per gigabyte, on one core) before anything
/// asks for its fingerprint, which is after the extraction.
final class PendingInputFiles: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<[InputFile], any Error>?

    /// Starts `hash` on a new thread.
    init(hashing hash: @escaping @Sendable () throws -> [InputFile]) {
        Thread { [self] in
            let outcome = Result { try hash() }
            condition.withLock {
                result = outcome
                condition.broadcast()
            }
        }.start()
    }

    /// The files, hashed: waits for the hashing, and throws what it threw.
    func files() throws -> [InputFile] {
        try condition.withLock {
            while result == nil { condition.wait() }
            return try result!.get()
        }
    }
}
