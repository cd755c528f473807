/// Event is one stored, immutable entry of the log: an envelope and a JSON object payload.
///
/// Its `hash` is the SHA-256 of `canonicalEncoding()`; the previous event of the same origin in the
/// same channel is named by `previous`, so each (channel, origin) is a hash chain.
public struct Event: Sendable, Hashable {
    /// Version of the envelope format, written as `v` in the canonical encoding.
    public static let formatVersion = 1

    /// The replication and privacy unit.
    public let channel: Channel
    /// The node incarnation that wrote the event.
    public let origin: Origin
    /// Position in the (channel, origin) chain, from 1, without gaps.
    public let seq: Int64
    /// Hash of the event at `seq - 1` of the same chain, or `EventHash.zero` at seq 1.
    public let previous: EventHash
    /// Hybrid logical clock time of writing.
    public let hlc: HLC
    /// The municipality of the writing node.
    public let municipality: MunicipalityCode
    /// The item the event belongs to (a meeting, a figure, a case); opaque to the log.
    public let stream: StreamID
    /// What happened, e.g. `meeting.scheduled`.
    public let type: EventType
    /// Version of the payload schema of `type`.
    public let schemaVersion: Int
    /// Who wrote it (a named user).
    public let author: Author
    /// Hashes of the versions of the same item the author had seen; empty for a new item.
    public let parents: [EventHash]
    /// The event's data; always a JSON object.
    public let payload: JSONValue
    /// The canonical JSON bytes of `payload`, computed once: hashed, stored and served as they are.
    public let canonicalPayload: [UInt8]
    /// SHA-256 of the canonical encoding.
    public private(set) var hash: EventHash

    /// Assembles an event and computes its hash.
    public init(
        channel: Channel, origin: Origin, seq: Int64, previous: EventHash, hlc: HLC, municipality: MunicipalityCode,
        stream: StreamID, type: EventType, schemaVersion: Int, author: Author, parents: [EventHash], payload: JSONValue
    ) {
        self.init(
            channel: channel, origin: origin, seq: seq, previous: previous, hlc: hlc, municipality: municipality,
            stream: stream, type: type, schemaVersion: schemaVersion, author: author, parents: parents,
            payload: payload, hash: .zero, canonicalPayload: nil)
        hash = EventHash.sha256(canonicalEncoding())
    }

    /// Assembles an event that claims `hash` without checking it: for events read back from storage
    /// or received from a peer. `hasValidHash` tells whether the claim holds. `canonicalPayload`, when
    /// given, must be the canonical bytes of `payload` as stored (a storage layer passes them to save
    /// encoding again; the hash check covers them).
    public init(
        channel: Channel, origin: Origin, seq: Int64, previous: EventHash, hlc: HLC, municipality: MunicipalityCode,
        stream: StreamID, type: EventType, schemaVersion: Int, author: Author, parents: [EventHash], payload: JSONValue,
        hash: EventHash, canonicalPayload: [UInt8]? = nil
    ) {
        self.channel = channel
        self.origin = origin
        self.seq = seq
        self.previous = previous
        self.hlc = hlc
        self.municipality = municipality
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.author = author
        self.parents = parents
        self.payload = payload
        self.canonicalPayload = canonicalPayload ?? CanonicalJSON.encode(payload)
        self.hash = hash
    }

    /// The same envelope claiming another hash, as a received event may; `hasValidHash` tells.
    public func withHash(_ claimed: EventHash) -> Event {
        var copy = self
        copy.hash = claimed
        return copy
    }

    /// Whether `hash` is the SHA-256 of the canonical encoding.
    public var hasValidHash: Bool { EventHash.sha256(canonicalEncoding()) == hash }

    /// The position of the event in its chain.
    public var position: ChainPosition { ChainPosition(channel: channel, origin: origin, seq: seq) }

    /// The bytes the hash is taken over, specified in docs/EVENT-FORMAT.md.
    ///
    /// A canonical JSON object with the keys, in this byte order: author, channel, hlc, municipality,
    /// origin, parents, payload, prev, schema, seq, stream, type, v.
    public func canonicalEncoding() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        func key(_ name: StaticString, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: "\":".utf8)
        }
        out.append(UInt8(ascii: "{"))
        key("author", first: true)
        CanonicalJSON.writeString(author.rawValue, into: &out)
        key("channel")
        CanonicalJSON.writeString(channel.description, into: &out)
        key("hlc")
        out.append(contentsOf: String(hlc.rawValue).utf8)
        key("municipality")
        out.append(contentsOf: String(municipality.rawValue).utf8)
        key("origin")
        CanonicalJSON.writeString(origin.description, into: &out)
        key("parents")
        out.append(UInt8(ascii: "["))
        for (index, parent) in parents.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(parent.hex, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        key("payload")
        out.append(contentsOf: canonicalPayload)
        key("prev")
        CanonicalJSON.writeString(previous.hex, into: &out)
        key("schema")
        out.append(contentsOf: String(schemaVersion).utf8)
        key("seq")
        out.append(contentsOf: String(seq).utf8)
        key("stream")
        CanonicalJSON.writeString(stream.rawValue, into: &out)
        key("type")
        CanonicalJSON.writeString(type.rawValue, into: &out)
        key("v")
        out.append(contentsOf: String(Event.formatVersion).utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// ChainPosition names one place in the log: a sequence number of one origin in one channel.
public struct ChainPosition: Sendable, Hashable, CustomStringConvertible {
    /// The channel.
    public let channel: Channel
    /// The origin.
    public let origin: Origin
    /// The sequence number.
    public let seq: Int64

    /// Names the place.
    public init(channel: Channel, origin: Origin, seq: Int64) {
        self.channel = channel
        self.origin = origin
        self.seq = seq
    }

    /// `channel origin#seq`, e.g. `region krs-server.1#42`.
    public var description: String { "\(channel) \(origin)#\(seq)" }
}
