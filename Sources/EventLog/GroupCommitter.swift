import Dispatch
import EventModel
import Synchronization

/// GroupCommitter turns appends that arrive concurrently, one event each, into shared transactions.
///
/// Callers queue their event; one of them at a time leads. The leader commits every event waiting at
/// that moment (up to `maximumBatch`) in one durable transaction on the log's serial queue, wakes the
/// callers whose events were in it, and goes on until its own event is committed; then it hands the
/// lead to the first caller still waiting, or gives it up. While one commit waits for the disk, the
/// next group forms, so the log pays one fsync per group instead of per event, with no timer and no
/// added latency when only one caller is active. Callers in a finished group return on their own
/// threads at once: none of them has to pass through the serial queue again (which, with 32 callers,
/// put 32 thread switches between two commits).
///
/// Each event is judged on its own, as `EventLog.append(_:)` would judge it alone (content and channel
/// on the caller's thread, the expected version in the transaction): an invalid event, a refused
/// channel or a wrong expected version fails only that caller. A storage error
/// fails every event of the group, none of which is then stored. Acknowledgements are given only
/// after the commit.
public final class GroupCommitter<Resource>: Sendable {
    /// The most events committed in one transaction.
    public let maximumBatch: Int
    private let queue: DatabaseQueue<Resource>
    private let log: @Sendable (Resource) -> EventLog
    private let line = Mutex(Line())
    private let judgement: @Sendable (NewEvent) -> EventLogError?

    private struct Line {
        var waiting: [Ticket] = []
        var isLed = false
    }

    /// Commits through `queue`, on the log that `log` finds in its resource.
    public init(queue: DatabaseQueue<Resource>, maximumBatch: Int = 1_000, log: @escaping @Sendable (Resource) -> EventLog) {
        self.queue = queue
        self.maximumBatch = max(1, maximumBatch)
        self.log = log
        judgement = queue.sync { log($0).judgement }
    }

    /// Appends one local event durably; returns it as stored and the log's last insertion number after the commit.
    public func append(_ event: NewEvent) throws -> (event: Event, lastInsertionID: Int64) {
        // Judged here, on the caller's thread: validation is a quarter of an append's work, and only
        // what needs the chain and the disk has to run one at a time.
        if let refusal = judgement(event) { throw refusal }
        let ticket = Ticket(event)
        var leads = line.withLock { line -> Bool in
            line.waiting.append(ticket)
            guard !line.isLed else { return false }
            line.isLed = true
            return true
        }
        while ticket.result == nil {
            if !leads {
                ticket.wake.wait()  // committed by a leader, or made the leader
                leads = ticket.result == nil
                continue
            }
            lead(until: ticket)
        }
        return try ticket.result!.get()
    }

    /// Commits groups until `own` is committed, then passes the lead on.
    private func lead(until own: Ticket) {
        while own.result == nil {
            let group = line.withLock { line -> [Ticket] in
                let taken = Array(line.waiting.prefix(maximumBatch))
                line.waiting.removeFirst(taken.count)
                return taken
            }
            guard !group.isEmpty else {
                own.result = .failure(EventLogError.database(groupLost))
                break
            }
            commit(group)
            for ticket in group where ticket !== own { ticket.wake.signal() }
        }
        let next = line.withLock { line -> Ticket? in
            guard let first = line.waiting.first else {
                line.isLed = false
                return nil
            }
            return first
        }
        next?.wake.signal()
    }

    private func commit(_ group: [Ticket]) {
        do {
            let (results, last) = try queue.sync { resource in
                let log = log(resource)
                return (try log.appendEach(group.map(\.event), alreadyJudged: true), try log.lastInsertionID())
            }
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
    /// `@unchecked Sendable`: `result` is written by the leader before it signals `wake`, and read by
    /// the caller after `wake` (or by the caller itself while it leads).
    final class Ticket: @unchecked Sendable {
        let event: NewEvent
        var result: Result<(Event, Int64), any Error>?
        let wake = DispatchSemaphore(value: 0)

        init(_ event: NewEvent) { self.event = event }
    }
}
