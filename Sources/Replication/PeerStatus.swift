import EventModel

/// PeerStatus is what an operator sees of one peer: contact, errors, distance, stopped chains.
public struct PeerStatus: Sendable {
    /// The peer's URL as configured.
    public var url: String
    /// Who the peer said it is, once it answered.
    public var peer: PeerIdentity?
    /// When the peer last answered, in milliseconds since 1970.
    public var lastContactMillis: Int64?
    /// The last error, cleared by the next success.
    public var lastError: String?
    /// When the next attempt is due after a failure, in milliseconds since 1970.
    public var nextRetryMillis: Int64?
    /// The peer's vector as last seen (shared channels only).
    public var peerVector = VersionVector()
    /// Events pulled from the peer and stored here since start.
    public var pulled = 0
    /// Events pushed to the peer and held there since start.
    public var pushed = 0
    /// Chains from or to this peer that stopped, and why; retried after a delay.
    public var stoppedChains: [ChainKey: String] = [:]
    /// Forks seen while comparing vectors or ingesting.
    public var forks: [String] = []

    /// Describes a peer not yet contacted.
    public init(url: String) { self.url = url }

    /// The JSON form for `GET /v1/status`, given this node's own vector on the shared channels.
    public func jsonValue(localVector: VersionVector) -> JSONValue {
        let theirs = peerVector
        let theyLack = localVector.surplus(over: theirs).values.reduce(0, +)
        let weLack = theirs.surplus(over: localVector).values.reduce(0, +)
        var object: [String: JSONValue] = [
            "url": .string(url), "pulled": .number(JSONNumber(pulled)), "pushed": .number(JSONNumber(pushed)),
            "behind": ["peerLacks": .number(JSONNumber(theyLack)), "weLack": .number(JSONNumber(weLack))],
            "stoppedChains": .array(stoppedChains.keys.sorted().map { key in
                ["channel": .string(key.channel.description), "origin": .string(key.origin.description),
                 "reason": .string(stoppedChains[key]!)]
            }),
            "forks": .array(forks.map { .string($0) }),
        ]
        object["peer"] = peer?.jsonValue ?? .null
        object["lastContactMillis"] = lastContactMillis.map { .number(JSONNumber($0)) } ?? .null
        object["lastError"] = lastError.map { .string($0) } ?? .null
        object["nextRetryMillis"] = nextRetryMillis.map { .number(JSONNumber($0)) } ?? .null
        return .object(object)
    }
}
