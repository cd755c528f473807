import Dispatch
import EventModel

/// One caller's event in the group committer's line and, once committed and durable, its answer.
///
/// `@unchecked Sendable`: `result` and the followers are written by the thread that answers the group
/// (the committer) before `wake` is signalled, and read by the caller only after `wake`.
final class CommitTicket: @unchecked Sendable {
    let event: NewEvent
    var result: Result<(Event, Int64), any Error>?
    private let wake = DispatchSemaphore(value: 0)
    private var followers: (CommitTicket?, CommitTicket?) = (nil, nil)

    init(_ event: NewEvent) { self.event = event }

    /// Waits for the answer, then wakes this ticket's followers in the group.
    func answer() throws -> (Event, Int64) {
        wake.wait()
        followers.0?.wake.signal()
        followers.1?.wake.signal()
        return try result!.get()
    }

    /// Wakes the callers of an answered group as a tree: each woken caller wakes two more. A wake-up is a
    /// system call, and the woken thread often takes the waker's core at once; 20 of them in a row cost
    /// the committer a quarter of a millisecond a group, during which the next group waited.
    static func wakeAll(_ group: [CommitTicket]) {
        for (index, ticket) in group.enumerated() {
            let left = 2 * index + 1
            ticket.followers = (left < group.count ? group[left] : nil, left + 1 < group.count ? group[left + 1] : nil)
        }
        group.first?.wake.signal()
    }
}
