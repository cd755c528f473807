import Domain
import EventLog
import EventModel
import Foundation
import Replication

/// OneShotSync brings a node and one peer level once, in both directions: what `samverkan sync`
/// runs for a laptop that comes back online.
public final class OneShotSync {
    /// How far a sync has come.
    public struct Progress: Sendable {
        /// Events pulled and stored here so far.
        public var pulled: Int
        /// Events pushed and stored at the peer so far.
        public var pushed: Int
        /// Events one side still lacks, as far as the last answer tells.
        public var remaining: Int64
        /// Events per second so far.
        public var rate: Double

        /// One line for a terminal.
        public var line: String {
            "pulled \(pulled), pushed \(pushed), remaining \(remaining), \(Int(rate)) events/s"
        }
    }

    /// How a sync ended.
    public struct Summary: Sendable {
        /// Events pulled and stored here.
        public var pulled: Int
        /// Events pushed and stored at the peer.
        public var pushed: Int
        /// Wall-clock seconds taken.
        public var seconds: Double
        /// Whether both sides now hold the same events of their shared channels.
        public var isCaughtUp: Bool
        /// Chains that stopped, with the reason.
        public var stoppedChains: [String]
        /// Forks seen: two different events for one place in a chain.
        public var forks: [String]

        /// One line for a terminal.
        public var line: String {
            let state = isCaughtUp ? "caught up" : "NOT caught up"
            return "\(state): pulled \(pulled), pushed \(pushed) in \(String(format: "%.1f", seconds)) s"
        }
    }

    let queue: DatabaseQueue<NodeStore>
    let notifier: ChangeNotifier
    let sync: PeerSync
    let transport: HTTPPeerTransport
    let store: LogReplicaStore

    /// Opens the node in `directory` for a sync with the peer at `url`.
    public init(directory: String, url: URL) throws {
        let nodeStore = try NodeStore(directory: directory)
        let log = nodeStore.log
        let security = try NodeSecurity.load(directory: directory, log: log)
        let identity = PeerIdentity(
            origin: log.identity.origin, municipality: log.identity.municipality, region: security?.region.hex)
        notifier = ChangeNotifier(path: nil, token: try log.lastInsertionID())
        queue = DatabaseQueue(label: "samverkan.sync", resource: nodeStore)
        store = LogReplicaStore(queue: queue, notifier: notifier, identity: identity, security: security)
        transport = HTTPPeerTransport(baseURL: url, caller: identity, authentication: security?.peerAuthentication)
        sync = PeerSync(url: url.absoluteString, store: store, transport: transport)
    }

    /// Closes the log.
    public func close() {
        notifier.stop()
        queue.sync { $0.close() }
    }

    /// Pulls and pushes until both sides are level (or a chain stops), reporting progress.
    public func run(progress: (Progress) -> Void) throws -> Summary {
        let started = Date()
        var caughtUp = false
        for _ in 0..<5 where !caughtUp {
            var rounds = 0
            while rounds < 1_000_000 {
                rounds += 1
                let round = try sync.pullOnce(waitMillis: 0)
                progress(currentProgress(since: started))
                if !round.hasMore { break }
            }
            _ = try sync.pushAll()
            progress(currentProgress(since: started))
            caughtUp = try isLevel()
            if !sync.status.stoppedChains.isEmpty || !sync.status.forks.isEmpty { break }
        }
        let status = sync.status
        return Summary(
            pulled: status.pulled, pushed: status.pushed, seconds: Date().timeIntervalSince(started),
            isCaughtUp: caughtUp && status.stoppedChains.isEmpty && status.forks.isEmpty,
            stoppedChains: status.stoppedChains.keys.sorted().map { "\($0): \(status.stoppedChains[$0]!)" },
            forks: status.forks)
    }

    private func isLevel() throws -> Bool {
        let peer = try sync.peerIdentity()
        let channels = store.identity.sharedChannels(with: peer)
        return try store.vector(channels: channels) == transport.vector().restricted(to: channels)
    }

    private func currentProgress(since started: Date) -> Progress {
        let status = sync.status
        let local = (try? store.vector(channels: [.region, .municipality(store.identity.municipality)])) ?? VersionVector()
        let remote = status.peerVector
        let remaining = local.surplus(over: remote).values.reduce(0, +) + remote.surplus(over: local).values.reduce(0, +)
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        return Progress(
            pulled: status.pulled, pushed: status.pushed, remaining: remaining,
            rate: Double(status.pulled + status.pushed) / elapsed)
    }
}
