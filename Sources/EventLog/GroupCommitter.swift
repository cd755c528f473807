import Dispatch
import Foundation
import EventModel
import Synchronization

/// GroupCommitter turns appends that arrive concurrently, one event each, into shared transactions.
///
/// Callers queue their event and wait; one committer thread takes every event waiting at that moment
/// (up to `maximumBatch`), commits them in one durable transaction on the log's serial queue, wakes
/// their callers (as a tree, `CommitTicket.wakeAll`) and takes the next group, which formed while the
/// disk was busy. So the log pays one
/// fsync per group instead of per event, with no timer. The thread is started by the first append and
/// ends after a second without work. (Callers taking turns at committing, as before, cost a thread
/// switch between each two commits: on two cores with 32 callers that, not the disk, set the pace.)
///
/// Each event is judged on its own, as `EventLog.append(_:)` would judge it alone (content and channel
/// on the caller's thread, the expected version in the transaction): an invalid event, a refused
/// channel or a wrong expected version fails only that caller. A storage error fails every event of
/// the group, none of which is then stored. Acknowledgements are given only after the commit.
public final class GroupCommitter<Resource>: Sendable {
    /// The most events committed in one transaction.
    public let maximumBatch: Int
    private let queue: DatabaseQueue<Resource>
    private let log: @Sendable (Resource) -> EventLog
    private let line = Mutex(CommitLine())
    private let work = DispatchSemaphore(value: 0)
    private let judgement: @Sendable (NewEvent) -> EventLogError?

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
        let ticket = CommitTicket(event)
        let startsCommitter = line.withLock { line -> Bool in
            line.waiting.append(ticket)
            guard !line.hasCommitter else { return false }
            line.hasCommitter = true
            return true
        }
        if startsCommitter {
            let thread = Thread { [self] in runCommitter() }
            thread.name = "group-commit"
            thread.start()
        }
        work.signal()
        return try ticket.answer()
    }

    private func runCommitter() {
        while true {
            let group = line.withLock { line -> [CommitTicket] in
                let taken = Array(line.waiting.prefix(maximumBatch))
                line.waiting.removeFirst(taken.count)
                return taken
            }
            if !group.isEmpty {
                commit(group)
                CommitTicket.wakeAll(group)
                continue
            }
            if work.wait(timeout: .now() + 1) == .timedOut {
                let ends = line.withLock { line -> Bool in
                    guard line.waiting.isEmpty else { return false }
                    line.hasCommitter = false
                    return true
                }
                if ends { return }
            }
        }
    }

    private func commit(_ group: [CommitTicket]) {
        do {
            let (results, last) = try queue.sync { resource in
                let log = log(resource)
                return (try log.appendEachJudged(group.map(\.event)), try log.lastInsertionID())
            }
            for (ticket, result) in zip(group, results) {
                ticket.result = result.map { ($0, last) }.mapError { $0 as any Error }
            }
        } catch {
            for ticket in group { ticket.result = .failure(error) }
        }
    }
}

/// The callers waiting for the group committer, and whether its thread runs.
///
/// Outside `GroupCommitter`: nested in the generic class, every lock of the line looked up the type's metadata for
/// the class's argument at run time (≈ 330 instructions, twice an append).
private struct CommitLine {
    var waiting: [CommitTicket] = []
    var hasCommitter = false
}
