import Domain
import EventLog
import EventModel
import Foundation
import Privacy
import Replication
import Synchronization

/// KeyKeeper looks after the node's person keys while it runs: whenever the log changes (and every few
/// seconds) it destroys the keys of cases an erasure event names — whichever node wrote the erasure —
/// and exchanges keys with the peers of its own municipality. A peer of another municipality refuses
/// the exchange; it is then left alone for a while. At start and hourly it runs the case jobs
/// (retention, publication of counts) that the node's settings ask for.
final class KeyKeeper: Sendable {
    /// One peer to exchange keys with.
    struct Peer: Sendable {
        let url: String
        let transport: HTTPPeerTransport
    }

    let desk: CaseDesk
    let own: NodeEncryptionKey
    let queue: DatabaseQueue<NodeStore>
    let notifier: ChangeNotifier
    let peers: [Peer]
    let checkKey: @Sendable (JSONValue, String) -> String?
    let jobs: @Sendable () -> Void
    private let lastJobs = Mutex<Double>(0)
    /// The log's insertion number the purge has looked through; the desk purged everything at open.
    private let purgedThrough = Mutex<Int64>(0)
    private let running = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// When each peer may be tried again (after a refusal or an error), in seconds since 1970.
    private let quietUntil = Mutex<[String: Double]>([:])
    /// The last outcome per peer, for the status page.
    let lastOutcome = Mutex<[String: String]>([:])

    init(
        desk: CaseDesk, own: NodeEncryptionKey, queue: DatabaseQueue<NodeStore>, notifier: ChangeNotifier,
        peers: [Peer], checkKey: @escaping @Sendable (JSONValue, String) -> String?,
        jobs: @escaping @Sendable () -> Void = {}
    ) {
        self.jobs = jobs
        self.desk = desk
        self.own = own
        self.queue = queue
        self.notifier = notifier
        self.peers = peers
        self.checkKey = checkKey
    }

    func start() {
        guard !running.exchange(true, ordering: .sequentiallyConsistent) else { return }
        let thread = Thread { [self] in
            loop()
            finished.signal()
        }
        thread.name = "samverkan.key-keeper"
        thread.start()
    }

    func stop() {
        guard running.exchange(false, ordering: .sequentiallyConsistent) else { return }
        for peer in peers { peer.transport.cancelInFlight() }
        _ = finished.wait(timeout: .now() + 5)
    }

    private func loop() {
        var token = notifier.current
        while running.load(ordering: .relaxed) {
            keepOnce()
            // Short slices keep shutdown prompt; a busy log changes constantly, and one round per
            // half second is plenty.
            let started = Date()
            var slices = 0
            while running.load(ordering: .relaxed), slices < 12 {
                let seen = notifier.wait(after: token, timeoutMillis: 250)
                slices += 1
                if seen != token {
                    token = seen
                    let spent = Date().timeIntervalSince(started)
                    if spent < 0.5 { Thread.sleep(forTimeInterval: 0.5 - spent) }
                    break
                }
            }
        }
    }

    /// One pass: purge, then one exchange with each peer that is not resting.
    func keepOnce() {
        let after = purgedThrough.withLock { $0 }
        if let (_, through) = try? queue.sync({ store in try desk.purgeErased(log: store.log, after: after) }) {
            purgedThrough.withLock { $0 = through }
        }
        let now = Date().timeIntervalSince1970
        if lastJobs.withLock({ last in
            defer { if now - last >= 3_600 { last = now } }
            return now - last >= 3_600
        }) {
            jobs()
        }
        for peer in peers where (quietUntil.withLock { $0[peer.url] } ?? 0) <= now {
            guard running.load(ordering: .relaxed) else { return }
            do {
                let (received, sent) = try KeyExchange.round(
                    transport: peer.transport, desk: desk, own: own, checkKey: checkKey)
                lastOutcome.withLock { $0[peer.url] = "ok: \(received) keys received, \(sent) sent" }
            } catch let ReplicationError.http(status, message) where status == 403 || status == 404 {
                // Another municipality's node (or an older node without the exchange): ask again much later.
                quietUntil.withLock { $0[peer.url] = now + 600 }
                lastOutcome.withLock { $0[peer.url] = "not exchanging keys: \(message)" }
            } catch {
                quietUntil.withLock { $0[peer.url] = now + 5 }
                lastOutcome.withLock { $0[peer.url] = "error: \(error)" }
            }
        }
    }
}
