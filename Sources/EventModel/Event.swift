/// Event is one stored, immutable entry of the log: an envelope and a JSON object payload.
///
/// Its `hash` is the SHA-256 of `canonicalEncoding()`; the previous event of the same origin in the
/// same channel is named by `previous`, so each (channel, origin) is a hash chain.
public struct Event: Sendable {
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
    /// The event's data; always a JSON object. An event read from a payload `PayloadBytes` vouches for holds no
    /// tree: it is parsed from `canonicalPayload` when asked for (see `payloadBytes`).
    public var payload: JSONValue { payloadTree ?? PayloadBytes.parseVouched(canonicalPayload) }
    /// The payload's tree; nil when the event was read from vouched bytes and the tree is made on demand.
    private let payloadTree: JSONValue?
    /// The canonical JSON bytes of `payload`, computed once: hashed, stored and served as they are.
    public let canonicalPayload: [UInt8]
    /// SHA-256 of the canonical encoding.
    public private(set) var hash: EventHash

    /// Assembles an event and computes its hash; `canonicalPayload`, when given, must be the canonical bytes
    /// of `payload` (a `NewEvent` holds them already).
    public init(
        channel: Channel, origin: Origin, seq: Int64, previous: EventHash, hlc: HLC, municipality: MunicipalityCode,
        stream: StreamID, type: EventType, schemaVersion: Int, author: Author, parents: [EventHash], payload: JSONValue,
        canonicalPayload: [UInt8]? = nil
    ) {
        self.init(
            channel: channel, origin: origin, seq: seq, previous: previous, hlc: hlc, municipality: municipality,
            stream: stream, type: type, schemaVersion: schemaVersion, author: author, parents: parents,
            payload: payload, hash: .zero, canonicalPayload: canonicalPayload)
        hash = computedHash()
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
        self.init(
            channel: channel, origin: origin, seq: seq, previous: previous, hlc: hlc, municipality: municipality,
            stream: stream, type: type, schemaVersion: schemaVersion, author: author, parents: parents,
            payloadTree: payload, canonicalPayload: canonicalPayload ?? CanonicalJSON.encode(payload), hash: hash)
    }

    /// Assembles an event that claims `hash` from a payload known only by its bytes, which `PayloadBytes` vouched
    /// for (so they are the canonical encoding of the tree they parse into): a received event whose payload is
    /// judged from its bytes (`EventContent.payloadBytes`) and stored as they are, so no tree is built for it.
    public init(
        channel: Channel, origin: Origin, seq: Int64, previous: EventHash, hlc: HLC, municipality: MunicipalityCode,
        stream: StreamID, type: EventType, schemaVersion: Int, author: Author, parents: [EventHash],
        payloadBytes: PayloadBytes, hash: EventHash
    ) {
        self.init(
            channel: channel, origin: origin, seq: seq, previous: previous, hlc: hlc, municipality: municipality,
            stream: stream, type: type, schemaVersion: schemaVersion, author: author, parents: parents,
            payloadTree: nil, canonicalPayload: payloadBytes.bytes, hash: hash)
    }

    init(
        channel: Channel, origin: Origin, seq: Int64, previous: EventHash, hlc: HLC, municipality: MunicipalityCode,
        stream: StreamID, type: EventType, schemaVersion: Int, author: Author, parents: [EventHash],
        payloadTree: JSONValue?, canonicalPayload: [UInt8], hash: EventHash
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
        self.payloadTree = payloadTree
        self.canonicalPayload = canonicalPayload
        self.hash = hash
    }

    /// The payload's vouched bytes when the event holds no tree (read from them); nil when it holds one.
    public var payloadBytes: PayloadBytes? {
        payloadTree == nil ? PayloadBytes(vouched: canonicalPayload) : nil
    }

    /// The same envelope claiming another hash, as a received event may; `hasValidHash` tells.
    public func withHash(_ claimed: EventHash) -> Event {
        var copy = self
        copy.hash = claimed
        return copy
    }

    /// Whether `hash` is the SHA-256 of the canonical encoding.
    public var hasValidHash: Bool { computedHash() == hash }

    /// The position of the event in its chain.
    public var position: ChainPosition { ChainPosition(channel: channel, origin: origin, seq: seq) }

    /// The bytes the hash is taken over, specified in docs/EVENT-FORMAT.md.
    ///
    /// A canonical JSON object with the keys, in this byte order: author, channel, hlc, municipality,
    /// origin, parents, payload, prev, schema, seq, stream, type, v.
    public func canonicalEncoding() -> [UInt8] {
        let bound = canonicalEncodingBound
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            initialized = writeCanonicalEncoding(into: buffer.baseAddress!, bound: bound)
        }
    }

    /// The SHA-256 of `canonicalEncoding()`, hashed from a buffer on the stack when the encoding is small enough
    /// (an append's usually is), so no array is made for it.
    func computedHash() -> EventHash {
        let bound = canonicalEncodingBound
        // Beyond 1 KiB the standard library asks the system whether the stack has room, which costs more than
        // the array it spares.
        guard bound <= 1_024 else { return EventHash.sha256(canonicalEncoding()) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
            let written = writeCanonicalEncoding(into: buffer.baseAddress!, bound: bound)
            return EventHash.sha256(bytes: UnsafeRawBufferPointer(start: buffer.baseAddress, count: written))
        }
    }

    /// Room for the canonical encoding, so that it is written in one piece: exact but for the strings, which are
    /// bounded by their length (counting their escapes would read them twice, ≈ 700 instructions an event).
    private var canonicalEncodingBound: Int {
        // The fixed text: the braces, the keys with their quotes, colons and commas, and the parents' brackets.
        var count = 127
        count += CanonicalWriter.stringBound(author.rawValue)
        count += CanonicalWriter.quotedCount(channel)
        count += CanonicalWriter.decimalCount(hlc.rawValue)
        count += CanonicalWriter.decimalCount(Int64(municipality.rawValue))
        // "node.incarnation": the node's literal, a dot and the digits.
        count += CanonicalWriter.stringBound(origin.node.rawValue) + 1
            + CanonicalWriter.decimalCount(Int64(origin.incarnation))
        count += 67 * parents.count - (parents.isEmpty ? 0 : 1)
        count += canonicalPayload.count
        count += 66  // prev
        count += CanonicalWriter.decimalCount(Int64(schemaVersion))
        count += CanonicalWriter.decimalCount(seq)
        count += CanonicalWriter.stringBound(stream.rawValue)
        count += CanonicalWriter.stringBound(type.rawValue)
        count += CanonicalWriter.decimalCount(Int64(Event.formatVersion))
        return count
    }

    /// Writes the canonical encoding at `start`, which has room for `bound` (`canonicalEncodingBound`) bytes, and
    /// returns how many it wrote. The bound is an upper bound by construction (`canonicalEncodingBound`); the check
    /// after writing is a tripwire that stops the process should that ever stop holding, not a guard before it.
    private func writeCanonicalEncoding(into start: UnsafeMutablePointer<UInt8>, bound: Int) -> Int {
        var out = CanonicalWriter(start)
        out.write("{\"author\":")
        out.writeString(author.rawValue)
        out.write(",\"channel\":")
        out.writeQuoted(channel)
        out.write(",\"hlc\":")
        out.writeDecimal(hlc.rawValue)
        out.write(",\"municipality\":")
        out.writeDecimal(Int64(municipality.rawValue))
        out.write(",\"origin\":\"")
        var node = origin.node.rawValue
        node.withUTF8 { out.writeStringContent($0) }
        out.write(UInt8(ascii: "."))
        out.writeDecimal(Int64(origin.incarnation))
        out.write(UInt8(ascii: "\""))
        out.write(",\"parents\":[")
        for (index, parent) in parents.enumerated() {
            if index > 0 { out.write(UInt8(ascii: ",")) }
            out.writeQuotedHex(parent)
        }
        out.write("],\"payload\":")
        canonicalPayload.withUnsafeBytes { out.write($0) }
        out.write(",\"prev\":")
        out.writeQuotedHex(previous)
        out.write(",\"schema\":")
        out.writeDecimal(Int64(schemaVersion))
        out.write(",\"seq\":")
        out.writeDecimal(seq)
        out.write(",\"stream\":")
        out.writeString(stream.rawValue)
        out.write(",\"type\":")
        out.writeString(type.rawValue)
        out.write(",\"v\":")
        out.writeDecimal(Int64(Event.formatVersion))
        out.write(UInt8(ascii: "}"))
        let written = out.cursor - start
        precondition(written <= bound, "canonical encoding overran its room")
        return written
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

extension Event: Hashable {
    /// Equal when every field is, the payload compared as a tree (as before `Event` could hold its payload as
    /// bytes only): an event read from bytes equals one holding the tree they parse into.
    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.hash == rhs.hash && lhs.channel == rhs.channel && lhs.origin == rhs.origin && lhs.seq == rhs.seq
            && lhs.previous == rhs.previous && lhs.hlc == rhs.hlc && lhs.municipality == rhs.municipality
            && lhs.stream == rhs.stream && lhs.type == rhs.type && lhs.schemaVersion == rhs.schemaVersion
            && lhs.author == rhs.author && lhs.parents == rhs.parents && lhs.canonicalPayload == rhs.canonicalPayload
            && (lhs.payloadTree == nil && rhs.payloadTree == nil || lhs.payload == rhs.payload)
    }

    /// Hashes the fields but the payload's tree (equal events have equal fields).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
        hasher.combine(channel)
        hasher.combine(origin)
        hasher.combine(seq)
        hasher.combine(stream)
        hasher.combine(type)
    }
}
