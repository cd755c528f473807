import EventModel
import Synchronization

/// GroupCommitter turns appends that arrive concurrently, one event each, into shared transactions.
///
/// A caller enqueues its event, then enters the log's serial queue. The first caller to get there
/// commits every event waiting at that moment (up to `maximumBatch`) in one durable transaction;
/// callers whose event was in it find their answer ready and return at once. While one commit
/// waits for the disk, the next group forms, so the log pays one fsync per group instead of per
/// event, with no timer and no added latency when only one caller is active.
///
/// Each event is judged on its own, as `EventLog.append(_:)` would judge it alone: an invalid
/// event, a refused channel or a wrong expected version fails only that caller. A storage error
/// fails every event of the group, none of which is then stored. Acknowledgements are given only
/// after the commit.
public final class GroupCommitter<Resource>: Sendable {
    /// The most events committed in one transaction.
    public let maximumBatch: Int
    private let queue: DatabaseQueue<Resource>
    private let log: @Sendable (Resource) -> EventLog
    private let waiting = Mutex<[Ticket]>([])

    /// Commits through `queue`, on the log that `log` finds in its resource.
    public init(queue: DatabaseQueue<Resource>, maximumBatch: Int = 1_000, log: @escaping @Sendable (Resource) -> EventLog) {
        self.queue = queue
        self.maximumBatch = max(1, maximumBatch)
        self.log = log
    }

    /// Appends one local event durably; returns it as stored and the log's last insertion number after the commit.
    public func append(_ event: NewEvent) throws -> (event: Event, lastInsertionID: Int64) {
        let ticket = Ticket(event)
        waiting.withLock { $0.append(ticket) }
        return try queue.sync { resource in
            while ticket.result == nil {
                let group = waiting.withLock { waiting -> [Ticket] in
                    let taken = Array(waiting.prefix(maximumBatch))
                    waiting.removeFirst(taken.count)
                    return taken
                }
                guard !group.isEmpty else { break }
                commit(group, to: log(resource))
            }
            guard let result = ticket.result else { throw EventLogError.database(groupLost) }
            return try result.get()
        }
    }

    private func commit(_ group: [Ticket], to log: EventLog) {
        do {
            let results = try log.appendEach(group.map(\.event))
            let last = try log.lastInsertionID()
            for (ticket, result) in zip(group, results) {
                ticket.result = result.map { ($0, last) }.mapError { $0 as any Error }
            }
        } catch {
            for ticket in group { ticket.result = .failure(error) }
        }
    }

    private var groupLost: DatabaseError {
        DatabaseError(resultCode: 1, message: "the group commit lost an event (a bug)")
    }

    /// One caller's event and, once committed, its answer.
    ///
    /// `@unchecked Sendable`: `result` is written and read only on the queue's serial thread.
    final class Ticket: @unchecked Sendable {
        let event: NewEvent
        var result: Result<(Event, Int64), any Error>?

        init(_ event: NewEvent) { self.event = event }
    }
}
