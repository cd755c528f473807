import EventModel

/// ReplicaStore is what replication needs of a node's log; the node implements it over its `EventLog`.
public protocol ReplicaStore: Sendable {
    /// Who this node is.
    var identity: PeerIdentity { get }
    /// The version vector restricted to `channels`.
    func vector(channels: Set<Channel>) throws -> VersionVector
    /// The places where `vector` names a hash other than the one held at that sequence: forks.
    func forks(comparedWith vector: VersionVector) throws -> [ChainPosition]
    /// Reads events in wire form and judges them as far as that needs no log (`OfferedEvent`), on the
    /// caller's thread: a puller does it for the next page while the last one is stored.
    func offer(wire events: [JSONValue]) -> [OfferedEvent]
    /// Reads and judges events sorted into their envelopes' fields, as `offer(wire:)` does.
    func offer(envelopes: [WireEnvelope]) -> [OfferedEvent]
    /// Applies the ingest rules to offered events delivered with the signed chain heads that cover them (wire
    /// form), in one transaction. A secured node accepts events only up to a verified head; an open node
    /// ignores the heads.
    func ingest(offered events: [OfferedEvent], heads: [JSONValue]) throws -> [IngestOutcome]
    /// A bounded page of the events beyond `vector` on `channels`, skipping the `excluding` chains, to serve
    /// with the signed heads that cover it (empty on an open node).
    func page(after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey>, maxCount: Int,
              maxBytes: Int) throws -> ReplicaPage
    /// A number that grows whenever the log stores an event, whichever process stored it.
    func changeToken() -> Int64
    /// Waits until the change token exceeds `token` or `timeoutMillis` pass; returns the token then.
    func waitForChange(after token: Int64, timeoutMillis: Int) -> Int64
}

extension ReplicaStore {
    /// Reads, judges and ingests events in wire form with the heads that cover them.
    public func ingest(wire events: [JSONValue], heads: [JSONValue] = []) throws -> [IngestOutcome] {
        try ingest(offered: offer(wire: events), heads: heads)
    }
}

/// ReplicaPage is one page of events to serve and the signed chain heads (wire form) that cover it.
public struct ReplicaPage: Sendable {
    /// The events' wire forms, in chain order.
    public var events: [WireEvent]
    /// Signed heads covering the events, `{"channel","origin","seq","hash","signature"}` each.
    public var heads: [JSONValue]
    /// Whether more is waiting.
    public var hasMore: Bool

    /// Describes a page.
    public init(events: [WireEvent], heads: [JSONValue], hasMore: Bool) {
        self.events = events
        self.heads = heads
        self.hasMore = hasMore
    }
}

/// PeerTransport is how a node reaches one peer: over HTTP in production (`HTTPPeerTransport`).
public protocol PeerTransport: Sendable {
    /// The peer's description of itself (`GET /v1/health`).
    func hello() throws -> PeerIdentity
    /// The peer's vector as the caller may see it (`GET /v1/vector`).
    func vector() throws -> VersionVector
    /// Events the caller lacks (`POST /v1/pull`).
    func pull(_ request: PullRequest) throws -> PullResponse
    /// Events the peer lacks with the signed heads that cover them (`POST /v1/push`).
    func push(_ events: [WireEvent], heads: [JSONValue]) throws -> PushResponse
    /// Abandons calls in flight (a long-poll may be waiting), so a stopping node stops at once.
    func cancelInFlight()
}

/// ReplicationError is a failure talking to a peer, with a sentence for the status page.
public enum ReplicationError: Error, Sendable, CustomStringConvertible {
    /// The peer could not be reached or the connection broke.
    case unreachable(String)
    /// The peer answered with an HTTP error.
    case http(status: Int, message: String)
    /// The peer's answer could not be read.
    case badAnswer(String)
    /// The peer belongs to no region we share, or is this very node.
    case wrongPeer(String)
    /// The loop was stopped; nothing more is asked of the peer.
    case stopped

    /// A sentence for the status page.
    public var description: String {
        switch self {
        case .unreachable(let detail): "unreachable: \(detail)"
        case .http(let status, let message): "HTTP \(status): \(message)"
        case .badAnswer(let detail): "unreadable answer: \(detail)"
        case .wrongPeer(let detail): "wrong peer: \(detail)"
        case .stopped: "stopped"
        }
    }
}
