import EventLog
import EventModel
import Replication

/// LogReplicaStore serves replication from the node's `EventLog`, through its serial queue.
final class LogReplicaStore: ReplicaStore {
    let queue: DatabaseQueue<NodeStore>
    let notifier: ChangeNotifier
    let identity: PeerIdentity
    let metrics: NodeMetrics

    init(queue: DatabaseQueue<NodeStore>, notifier: ChangeNotifier, identity: PeerIdentity, metrics: NodeMetrics = NodeMetrics()) {
        self.queue = queue
        self.notifier = notifier
        self.identity = identity
        self.metrics = metrics
    }

    func vector(channels: Set<Channel>) throws -> VersionVector {
        try queue.sync { try $0.log.vector(channels: channels) }
    }

    func events(after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey>, maxCount: Int,
                maxBytes: Int) throws -> (events: [Event], hasMore: Bool)
    {
        let page = try queue.sync {
            try $0.log.events(after: vector, channels: channels, excluding: excluding, maxCount: maxCount, maxBytes: maxBytes)
        }
        return (page.events, page.hasMore)
    }

    func forks(comparedWith vector: VersionVector) throws -> [ChainPosition] {
        try queue.sync { try $0.log.forks(comparedWith: vector).map(\.position) }
    }

    func ingest(wire events: [JSONValue]) throws -> [IngestOutcome] {
        let (outcomes, last) = try queue.sync { store in
            (try store.log.ingest(wire: events), try store.log.lastInsertionID())
        }
        notifier.update(last)
        metrics.recordIngest(outcomes)
        return outcomes
    }

    func changeToken() -> Int64 { notifier.current }

    func waitForChange(after token: Int64, timeoutMillis: Int) -> Int64 {
        notifier.wait(after: token, timeoutMillis: timeoutMillis)
    }
}
