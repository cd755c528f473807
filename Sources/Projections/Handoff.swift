import Dispatch
import Synchronization

/// Handoff passes values from one producing thread to one consuming thread, at most `depth` waiting at a time.
///
/// The consumer may give up before the end (`close()`): a producer waiting for room is woken, and its `put` then
/// returns false, so it can stop instead of waiting for a consumer that is gone.
final class Handoff<Element: Sendable>: Sendable {
    /// The values waiting, in order; nil marks the end.
    private let queue = Mutex<[Element?]>([])
    private let filled = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore
    private let closed = Atomic<Bool>(false)
    /// Whether the consumer has taken the end (consumer's side only; atomic to keep the type `Sendable`).
    private let drained = Atomic<Bool>(false)

    init(depth: Int) {
        precondition(depth > 0, "a handoff holds at least one value")
        room = DispatchSemaphore(value: depth)
    }

    /// Queues `element` once there is room; false, queuing nothing, when the consumer has closed.
    func put(_ element: Element) -> Bool { enqueue(element) }

    /// Tells the consumer that nothing more comes.
    func end() { _ = enqueue(nil) }

    private func enqueue(_ element: Element?) -> Bool {
        room.wait()
        guard !closed.load(ordering: .acquiring) else {
            room.signal()
            return false
        }
        queue.withLock { $0.append(element) }
        filled.signal()
        return true
    }

    /// The next value, waiting for it; nil once the producer has ended or the consumer has closed.
    func take() -> Element? {
        guard !drained.load(ordering: .relaxed), !closed.load(ordering: .acquiring) else { return nil }
        filled.wait()
        let element = queue.withLock { $0.removeFirst() }
        room.signal()
        if case .none = element { drained.store(true, ordering: .relaxed) }
        return element
    }

    /// Stops taking: the producer's next or waiting `put` returns false; values still queued are dropped.
    func close() {
        closed.store(true, ordering: .releasing)
        // Wakes a producer waiting for room. It also covers a value queued between the check in `enqueue` and
        // the drop below, whose room is then never given back: libdispatch traps when a semaphore goes away
        // below the value it was made with.
        room.signal()
        let dropped = queue.withLock { queue in
            defer { queue.removeAll() }
            return queue.count
        }
        for _ in 0..<dropped { room.signal() }
    }
}
