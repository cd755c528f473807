import EventLog
import EventModel
import Foundation
import Replication
import Security

/// LogReplicaStore serves replication from the node's `EventLog`, through its serial queue.
final class LogReplicaStore: ReplicaStore {
    let queue: DatabaseQueue<NodeStore>
    let notifier: ChangeNotifier
    let identity: PeerIdentity
    let metrics: NodeMetrics
    /// Set on a secured node: ingest accepts events only up to verified heads, pages carry heads.
    let security: NodeSecurity?
    /// Reads and judges an offered event with the log's validator, on any thread.
    private let offering: @Sendable (JSONValue) -> OfferedEvent
    private let validator: any ContentValidator

    init(
        queue: DatabaseQueue<NodeStore>, notifier: ChangeNotifier, identity: PeerIdentity,
        metrics: NodeMetrics = NodeMetrics(), security: NodeSecurity? = nil
    ) {
        self.security = security
        self.queue = queue
        self.notifier = notifier
        self.identity = identity
        self.metrics = metrics
        (offering, validator) = queue.sync { ($0.log.offering, $0.log.validator) }
    }

    func vector(channels: Set<Channel>) throws -> VersionVector {
        try queue.sync { try $0.log.vector(channels: channels) }
    }

    func forks(comparedWith vector: VersionVector) throws -> [ChainPosition] {
        try queue.sync { try $0.log.forks(comparedWith: vector).map(\.position) }
    }

    func offer(wire events: [JSONValue]) -> [OfferedEvent] { events.map(offering) }

    func offer(envelopes: [WireEnvelope]) -> [OfferedEvent] {
        OfferedEvent.judging(envelopes, validator: validator)
    }

    func changeToken() -> Int64 { notifier.current }

    func waitForChange(after token: Int64, timeoutMillis: Int) -> Int64 {
        notifier.wait(after: token, timeoutMillis: timeoutMillis)
    }

    func ingest(offered events: [OfferedEvent], heads: [JSONValue]) throws -> [IngestOutcome] {
        let (outcomes, last) = try queue.sync { store in
            let outcomes =
                if let security {
                    try SecureIngest.ingest(offered: events, heads: heads, log: store.log, security: security)
                } else {
                    try store.log.ingest(offered: events)
                }
            return (outcomes, try store.log.lastInsertionID())
        }
        notifier.update(last)
        metrics.recordIngest(outcomes)
        return outcomes
    }

    func page(after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey>, maxCount: Int,
              maxBytes: Int) throws -> ReplicaPage
    {
        guard let security else {
            let page = try queue.sync {
                try $0.log.servedEvents(
                    after: vector, channels: channels, excluding: excluding, maxCount: maxCount, maxBytes: maxBytes)
            }
            return ReplicaPage(events: page.events, heads: [], hasMore: page.hasMore)
        }
        return try queue.sync { store in
            try SecureIngest.page(
                after: vector, channels: channels, excluding: excluding, maxCount: maxCount, maxBytes: maxBytes,
                log: store.log, security: security)
        }
    }
}
