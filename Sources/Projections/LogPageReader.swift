import Dispatch
import Foundation
import EventLog
import Synchronization

/// LogPageReader reads a log's change feed on a thread of its own, a page ahead of the caller.
///
/// Decoding a page (SQLite, the envelope checks) overlaps with the caller's folding of the page before; payloads
/// are left as bytes, which the caller reads without a tree where it can (`RebuildIndex.add(unparsed:)`). At most
/// `depth` pages wait, so memory stays bounded. While the reader runs it is the only user of the log's connection:
/// the caller takes pages and must not touch the log until `next()` has returned nil or thrown, after which the
/// reader has ended.
final class LogPageReader: @unchecked Sendable {
    private let pages = Mutex<[Result<[StoredEvent], any Error>]>([])
    /// Pages the caller is done with, freed on the reader's thread (`recycle`).
    private let spent = Mutex<[[StoredEvent]]>([])
    private let ready = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore
    private let finished = DispatchSemaphore(value: 0)
    private let stop = Atomic<Bool>(false)
    private var isDone = false

    /// Starts reading the events stored after insertion number 0 up to `end`, `batchSize` per page.
    init(log: EventLog, end: Int64, batchSize: Int, depth: Int = 2) {
        room = DispatchSemaphore(value: depth)
        // The log is not Sendable: it belongs to one owner at a time, and until the reader ends that is this thread.
        nonisolated(unsafe) let log = log
        let thread = Thread { [self] in
            defer { finished.signal() }
            var from: Int64 = 0
            // Kept from page to page: a log's streams recur all over it.
            var recall = FeedRecall()
            while from < end, !stop.load(ordering: .relaxed) {
                room.wait()
                freeSpentPages()
                // No payload is parsed here: the folds read the members they need from the bytes
                // (`DomainViews.forEachRegister(ofValid:payload:_:)`), and the caller parses the rest.
                let page = Result {
                    try log.changes(after: from, limit: max(1, batchSize), unparsedRecalling: &recall)
                }
                let last = (try? page.get())?.last?.insertionID
                pages.withLock {
                    $0.append(
                        page.map { ($0.last?.insertionID ?? 0) <= end ? $0 : $0.filter { $0.insertionID <= end } })
                }
                ready.signal()
                guard let last else { break }
                from = last
            }
            pages.withLock { $0.append(.success([])) }
            ready.signal()
        }
        thread.start()
    }

    /// Hands back a page the caller has folded, to be freed by whichever thread would otherwise wait.
    ///
    /// Freeing a page (every event's strings and arrays) costs a noticeable part of folding or of decoding it.
    /// When the next page is already waiting, the reader is ahead and frees it when it next finds room (by which
    /// time the caller has let go of it); when none is, the caller would wait for the reader anyway, so it frees
    /// the page itself, and the reader, now the slower side, is spared the work.
    func recycle(_ page: [StoredEvent]) {
        guard pages.withLock({ !$0.isEmpty }) else { return }
        spent.withLock { $0.append(page) }
    }

    /// Drops the spent pages here, outside the lock.
    private func freeSpentPages() {
        let pages = spent.withLock { pages in
            defer { pages.removeAll() }
            return pages
        }
        _ = consume pages
    }

    /// The next page, or nil after the last one; rethrows the reader's error.
    func next() throws -> [StoredEvent]? {
        guard !isDone else { return nil }
        ready.wait()
        let page = pages.withLock { $0.removeFirst() }
        room.signal()
        switch page {
        case .success(let events) where !events.isEmpty:
            return events
        case .success:
            finish()
            return nil
        case .failure(let error):
            finish()
            throw error
        }
    }

    /// Stops the reader and waits until it has left the log.
    func finish() {
        guard !isDone else { return }
        isDone = true
        stop.store(true, ordering: .relaxed)
        room.signal()
        finished.wait()
        // Pages left untaken (the caller stopped early, e.g. on a payload that failed to parse) still hold room:
        // give it back, since libdispatch traps when a semaphore goes away below the value it was made with.
        let untaken = pages.withLock { pages in
            defer { pages.removeAll() }
            return pages.count
        }
        for _ in 0..<untaken { room.signal() }
    }

    deinit { finish() }
}
