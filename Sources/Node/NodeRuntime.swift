import Domain
import EventLog
import EventModel
import Foundation
import HTTP
import Replication

/// NodeRuntime is a running node: its log behind a serial queue, the HTTP server, the change
/// watcher and one `PeerSync` per configured peer. `samverkan serve` is a thin shell around it.
public final class NodeRuntime: Sendable {
    /// How to run.
    public struct Settings: Sendable {
        /// Address to listen on; loopback by default.
        public var host = "127.0.0.1"
        /// Port; 0 picks a free one.
        public var port = 7300
        /// Peers besides those kept in the node's configuration.
        public var peers: [String] = []
        /// Tuning of the peer loops.
        public var sync = PeerSync.Settings()
        /// Limits and timeouts of the HTTP server.
        public var http = HTTPServer.Configuration()
        /// Suppression, publication of case counts and retention.
        public var cases = CaseSettings()

        /// Default settings.
        public init() {}
    }

    let parts: NodeParts
    let server: HTTPServer
    /// Who this node is.
    public var identity: PeerIdentity { parts.identity }

    /// Opens the node in `directory` and prepares (but does not start) serving and syncing.
    public init(directory: String, settings: Settings = Settings()) throws {
        let nodeStore = try NodeStore(directory: directory)
        let log = nodeStore.log
        for peer in settings.peers { try log.addPeer(peer) }
        let peerURLs = try log.peers()
        let security = try NodeSecurity.load(directory: directory, log: log)
        let identity = PeerIdentity(
            origin: log.identity.origin, municipality: log.identity.municipality, region: security?.region.hex)
        let path = (directory as NSString).appendingPathComponent(EventLog.fileName)
        let notifier = ChangeNotifier(path: path, token: try log.lastInsertionID())
        let queue = DatabaseQueue(label: "samverkan.log", resource: nodeStore)
        let store = LogReplicaStore(queue: queue, notifier: notifier, identity: identity, security: security)
        let peers = try peerURLs.map { text in
            guard let url = URL(string: text), url.scheme == "http", url.host != nil else {
                throw ReplicationError.wrongPeer("'\(text)' is not an http:// URL")
            }
            return PeerSync(
                url: text, store: store,
                transport: HTTPPeerTransport(
                    baseURL: url, caller: identity, authentication: security?.peerAuthentication),
                settings: settings.sync)
        }
        let cases = try NodeCases.open(
            directory: directory, store: nodeStore, queue: queue, notifier: notifier, peerURLs: peerURLs,
            caller: identity, security: security, settings: settings.cases)
        let parts = NodeParts(
            queue: queue, notifier: notifier, store: store, service: ReplicaService(store: store), identity: identity,
            peers: peers, security: security, committer: GroupCommitter(queue: queue) { $0.log }, cases: cases)
        self.parts = parts
        var http = settings.http
        http.host = settings.host
        http.port = settings.port
        self.server = HTTPServer(configuration: http, responder: NodeAPI(node: parts))
    }

    /// Whether the node runs secured (it has a region genesis and a node key); open mode otherwise.
    public var isSecured: Bool { parts.security != nil }

    /// Starts serving and syncing; returns the bound port.
    public func start() throws -> Int {
        try server.start()
        for peer in parts.peers { peer.start() }
        parts.cases.keeper.start()
        return server.boundPort
    }

    /// Stops syncing, stops serving (finishing requests in flight within `graceSeconds`) and closes the log.
    public func shutdown(graceSeconds: Double = 5) {
        for peer in parts.peers { peer.stop() }
        parts.cases.keeper.stop()
        server.shutdown(graceSeconds: graceSeconds)
        parts.notifier.stop()
        parts.queue.sync { $0.close() }
    }

    /// The status document of `GET /v1/status`, restricted to what `caller` may read.
    public func statusJSON(caller: MunicipalityCode?) throws -> JSONValue { try parts.statusJSON(caller: caller) }

    /// The peers' current status.
    public var peerStatuses: [PeerStatus] { parts.peers.map(\.status) }
}

/// NodeParts are the pieces of a running node that its HTTP handlers use.
struct NodeParts: Sendable {
    let queue: DatabaseQueue<NodeStore>
    let notifier: ChangeNotifier
    let store: LogReplicaStore
    let service: ReplicaService
    let identity: PeerIdentity
    let peers: [PeerSync]
    /// Set when the node runs secured.
    var security: NodeSecurity? = nil
    /// Shares one durable commit among appends that arrive at the same time over HTTP.
    let committer: GroupCommitter<NodeStore>
    /// The node's case desk, its encryption key and the loop that keeps person keys.
    let cases: NodeCases
    var metrics: NodeMetrics { store.metrics }

    func statusJSON(caller: MunicipalityCode?) throws -> JSONValue {
        let channels = service.channels(forCaller: caller)
        let isSecured = security != nil
        let (vector, stops, flagged, forks) = try queue.sync { store in
            (
                try store.log.vector(channels: channels),
                try store.log.chainStops() + (isSecured ? try SecurityTables.stops(in: store.log.database) : []),
                try store.log.flaggedCount(), try store.log.forkProofs()
            )
        }
        let visibleStops = stops.filter { channels.contains($0.key.channel) }
        let isOwnMunicipality = caller == nil || caller == identity.municipality
        return [
            "node": identity.jsonValue,
            "vector": vector.jsonValue,
            "events": .number(JSONNumber(vector.heads.values.map(\.seq).reduce(0, +))),
            "flaggedEvents": .number(JSONNumber(isOwnMunicipality ? flagged : 0)),
            "forks": .array(forks.filter { channels.contains($0.position.channel) }.map { .string("\($0.position)") }),
            "stoppedChains": .array(visibleStops.map { stop in
                ["channel": .string(stop.key.channel.description), "origin": .string(stop.key.origin.description),
                 "seq": .number(JSONNumber(stop.seq)), "reason": .string(stop.reason)]
            }),
            "peers": .array(isOwnMunicipality ? peers.map { $0.status.jsonValue(localVector: vector) } : []),
            "keyExchange": .object(isOwnMunicipality ? cases.keeper.lastOutcome.withLock { $0 }.mapValues { .string($0) } : [:]),
        ]
    }
}
