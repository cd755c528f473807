/// ChainHead is how far one (channel, origin) chain reaches: its highest sequence and the hash there.
public struct ChainHead: Sendable, Hashable {
    /// The highest sequence held; 0 when nothing is held.
    public let seq: Int64
    /// The hash of the event at `seq`; `EventHash.zero` when nothing is held.
    public let hash: EventHash

    /// The head of a chain of which nothing is held.
    public static let empty = ChainHead(seq: 0, hash: .zero)

    /// Makes a head.
    public init(seq: Int64, hash: EventHash) {
        self.seq = seq
        self.hash = hash
    }
}

/// ChainKey names one hash chain: the events of one origin in one channel.
public struct ChainKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The channel.
    public let channel: Channel
    /// The origin.
    public let origin: Origin

    /// Names a chain.
    public init(channel: Channel, origin: Origin) {
        self.channel = channel
        self.origin = origin
    }

    /// Orders chains by channel, then origin.
    public static func < (lhs: ChainKey, rhs: ChainKey) -> Bool {
        lhs.channel != rhs.channel ? lhs.channel < rhs.channel : lhs.origin < rhs.origin
    }

    /// `channel origin`.
    public var description: String { "\(channel) \(origin)" }
}

/// VersionVector says exactly which events a node holds: per chain, the head. Sequences are gapless,
/// so the head implies every earlier event.
public struct VersionVector: Sendable, Hashable {
    /// The heads by chain.
    public private(set) var heads: [ChainKey: ChainHead]

    /// Makes a vector.
    public init(_ heads: [ChainKey: ChainHead] = [:]) { self.heads = heads }

    /// The head of a chain; `ChainHead.empty` when none of it is held.
    public subscript(key: ChainKey) -> ChainHead {
        get { heads[key] ?? .empty }
        set { heads[key] = newValue.seq == 0 ? nil : newValue }
    }

    /// The chains in stable order.
    public var keys: [ChainKey] { heads.keys.sorted() }

    /// Only the chains of the given channels: what a caller may see.
    public func restricted(to channels: Set<Channel>) -> VersionVector {
        VersionVector(heads.filter { channels.contains($0.key.channel) })
    }

    /// The number of events this vector holds that `other` does not, per chain (only chains ahead).
    public func surplus(over other: VersionVector) -> [ChainKey: Int64] {
        var result: [ChainKey: Int64] = [:]
        for (key, head) in heads where head.seq > other[key].seq {
            result[key] = head.seq - other[key].seq
        }
        return result
    }

    /// Whether every head of `other` is reached by this vector.
    public func includes(_ other: VersionVector) -> Bool {
        other.heads.allSatisfy { self[$0.key].seq >= $0.value.seq }
    }

    /// The vector as JSON: `{"<channel>": {"<origin>": {"seq": n, "hash": "…"}}}`.
    public var jsonValue: JSONValue {
        var channels: [String: JSONValue] = [:]
        for (key, head) in heads {
            var origins = channels[key.channel.description]?.objectValue ?? [:]
            origins[key.origin.description] = .object([
                "seq": .number(JSONNumber(head.seq)), "hash": .string(head.hash.hex),
            ])
            channels[key.channel.description] = .object(origins)
        }
        return .object(channels)
    }

    /// Reads the JSON form; throws naming the offending member.
    public init(json: JSONValue) throws(EnvelopeError) {
        guard let channels = json.objectValue else { throw EnvelopeError(field: "vector", reason: "must be an object") }
        var heads: [ChainKey: ChainHead] = [:]
        for (channelText, originsValue) in channels {
            guard let channel = Channel(channelText) else {
                throw EnvelopeError(field: "vector.\(channelText)", reason: "is not a channel")
            }
            guard let origins = originsValue.objectValue else {
                throw EnvelopeError(field: "vector.\(channelText)", reason: "must be an object")
            }
            for (originText, headValue) in origins {
                let path = "vector.\(channelText).\(originText)"
                guard let origin = Origin(originText) else { throw EnvelopeError(field: path, reason: "is not an origin") }
                guard let seq = headValue["seq"]?.int64Value, seq >= 0 else {
                    throw EnvelopeError(field: "\(path).seq", reason: "must be a non-negative integer")
                }
                guard let hashText = headValue["hash"]?.stringValue, let hash = EventHash(hex: hashText) else {
                    throw EnvelopeError(field: "\(path).hash", reason: "must be 64 lowercase hex digits")
                }
                if seq > 0 { heads[ChainKey(channel: channel, origin: origin)] = ChainHead(seq: seq, hash: hash) }
            }
        }
        self.heads = heads
    }
}
