import EventModel
import Foundation
import Synchronization

/// PeerSync keeps this node and one peer in step: a puller long-polls the peer for what this node
/// lacks, a pusher sends what the peer lacks as soon as the local log changes. Each runs on a
/// thread of its own (their HTTP calls block), retries with backoff while the peer is away, and
/// records everything an operator needs in `status`. The vector is the checkpoint: it is committed
/// with the events, so a restart neither repeats nor skips anything.
public final class PeerSync: Sendable {
    /// Tuning of the loops.
    public struct Settings: Sendable {
        /// Events per page: the most a peer serves. Each page is one transaction at the receiver, whose index
        /// pages (`events_by_stream` above all) are written to the WAL and synced once per transaction: at 1,000
        /// events a commit wrote ≈ 500 pages, and 5,000 per page cost a catching-up node 12 % less CPU.
        public var pageEvents = 5_000
        /// Bytes per page.
        public var pageBytes = 4 << 20
        /// How long a long-poll may wait at the peer.
        public var longPollMillis = 25_000
        /// How long a stopped chain is left alone before it is tried again.
        public var stoppedChainRetryMillis: Int64 = 10_000
        /// Retry spacing while the peer is away.
        public var backoff = Backoff()

        /// Default settings.
        public init() {}
    }

    /// The peer's URL.
    public let url: String
    let store: any ReplicaStore
    let transport: any PeerTransport
    let settings: Settings
    let state: Mutex<PeerStatus>
    let excluded = Mutex<[ChainKey: Int64]>([:])
    let running = Atomic<Bool>(false)
    /// Set by `stop()` until the next `start()`. Not the same as "not running": a one-shot sync pulls without
    /// ever starting the loops, and must not be refused.
    let stopped = Atomic<Bool>(false)
    let wakeup = DispatchSemaphore(value: 0)
    let finished = DispatchGroup()
    /// The next page, asked for while the last one is being stored (see `pullOnce`).
    let prefetched = Mutex<PrefetchedPage?>(nil)
    /// The page after that one, asked for while the one before it is judged (see `pullAhead`).
    let pulledAhead = Mutex<PulledPage?>(nil)

    /// Prepares syncing with the peer at `url` through `transport`.
    public init(url: String, store: any ReplicaStore, transport: any PeerTransport, settings: Settings = Settings()) {
        self.url = url
        self.store = store
        self.transport = transport
        self.settings = settings
        self.state = Mutex(PeerStatus(url: url))
    }

    /// A copy of the peer's status.
    public var status: PeerStatus { state.withLock { $0 } }

    /// Starts the puller and pusher threads.
    public func start() {
        guard !running.exchange(true, ordering: .sequentiallyConsistent) else { return }
        stopped.store(false, ordering: .sequentiallyConsistent)
        // A signal `stop()` left unused (a loop that ended without waiting) would skip the first backoff.
        while wakeup.wait(timeout: .now()) == .success {}
        for (name, loop) in [("pull", pullLoop), ("push", pushLoop)] as [(String, @Sendable () -> Void)] {
            finished.enter()
            let thread = Thread { [finished] in
                loop()
                finished.leave()
            }
            thread.name = "samverkan.peer.\(name)"
            thread.start()
        }
    }

    /// Stops both loops and waits (up to `timeoutSeconds`) for them to end.
    ///
    /// Calls in flight are cancelled again while waiting: a call that passed its loop's last look at `stopped`
    /// just before it was set would otherwise run until the peer answered or its timeout ended it.
    public func stop(timeoutSeconds: Double = 5) {
        guard running.exchange(false, ordering: .sequentiallyConsistent) else { return }
        stopped.store(true, ordering: .sequentiallyConsistent)
        wakeup.signal()
        wakeup.signal()
        let deadline = DispatchTime.now() + timeoutSeconds
        repeat {
            transport.cancelInFlight()
        } while finished.wait(timeout: min(deadline, .now() + 0.1)) == .timedOut && DispatchTime.now() < deadline
    }

    /// Throws once `stop()` was called: the pages asked ahead fail when it cancels them, and what waited for
    /// them must not ask the peer again.
    func checkNotStopped() throws {
        if stopped.load(ordering: .sequentiallyConsistent) { throw ReplicationError.stopped }
    }

    var isRunning: Bool { running.load(ordering: .relaxed) }

    private func pullLoop() {
        var failures = 0
        var caughtUp = false
        while isRunning {
            do {
                let page = try pullOnce(waitMillis: caughtUp ? settings.longPollMillis : 0)
                caughtUp = !page.hasMore
                failures = 0
            } catch {
                guard isRunning else { return }
                failures += 1
                pause(afterFailure: error, failures: failures)
            }
        }
    }

    private func pushLoop() {
        var failures = 0
        while isRunning {
            let token = store.changeToken()
            do {
                _ = try pushAll()
                failures = 0
                var waited = 0
                while isRunning, waited < 30_000, store.waitForChange(after: token, timeoutMillis: 500) <= token {
                    waited += 500
                }
            } catch {
                guard isRunning else { return }
                failures += 1
                pause(afterFailure: error, failures: failures)
            }
        }
    }

    private func pause(afterFailure error: any Error, failures: Int) {
        var random = SystemRandomNumberGenerator()
        let delay = settings.backoff.delayMillis(afterFailures: failures, using: &random)
        let now = Self.nowMillis()
        state.withLock {
            $0.lastError = "\(error)"
            $0.nextRetryMillis = now + Int64(delay)
        }
        _ = wakeup.wait(timeout: .now() + .milliseconds(delay))
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
