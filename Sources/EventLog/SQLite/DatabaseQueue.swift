import Dispatch

/// DatabaseQueue is the serial owner of a `Database`: every access runs on its own dispatch queue,
/// never on Swift's cooperative thread pool, where a blocking SQLite call would stall other tasks.
public final class DatabaseQueue<Resource>: Sendable {
    private let queue: DispatchQueue
    // Safe: `resource` is touched only inside blocks running on `queue`, which is serial.
    private nonisolated(unsafe) let resource: Resource

    /// Takes ownership of `resource`; from now on only this queue touches it.
    public init(label: String, resource: Resource) {
        self.queue = DispatchQueue(label: label)
        self.resource = resource
    }

    /// Runs `body` on the queue and waits; for threads that may block (CLI, HTTP connections).
    public func sync<T>(_ body: (Resource) throws -> T) rethrows -> T {
        try queue.sync { try body(resource) }
    }

    /// Runs `body` on the queue and resumes the caller when done, without blocking a pool thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable (Resource) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.resource) })
            }
        }
    }
}
