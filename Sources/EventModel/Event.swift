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
    public var hasValidHash: Bool { EventHash.sha256(canonicalEncoding()) == hash }

    /// The position of the event in its chain.
    public var position: ChainPosition { ChainPosition(channel: channel, origin: origin, seq: seq) }

    /// The bytes the hash is taken over, specified in docs/EVENT-FORMAT.md.
    ///
    /// A canonical JSON object with the keys, in this byte order: author, channel, hlc, municipality,
    /// origin, parents, payload, prev, schema, seq, stream, type, v.
    public func canonicalEncoding() -> [UInt8] {
        // Hot path (every append and every hash check): the fixed key runs are copied straight from static
        // text and numbers and hashes are written in place, so nothing is allocated but the result.
        // Tests/EventModelTests/CanonicalEncodingTests.swift compares it with the field-by-field encoding.
        var out: [UInt8] = []
        out.reserveCapacity(
            224 + canonicalPayload.count + 67 * parents.count + author.rawValue.utf8.count
                + origin.node.rawValue.utf8.count + stream.rawValue.utf8.count + type.rawValue.utf8.count)
        out.appendStatic("{\"author\":")
        CanonicalJSON.writeString(author.rawValue, into: &out)
        out.appendStatic(",\"channel\":")
        switch channel {
        case .region: out.appendStatic("\"region\"")
        case .municipality(let code):
            out.appendStatic("\"municipality/")
            out.appendDecimal(Int64(code.rawValue))
            out.append(UInt8(ascii: "\""))
        }
        out.appendStatic(",\"hlc\":")
        out.appendDecimal(hlc.rawValue)
        out.appendStatic(",\"municipality\":")
        out.appendDecimal(Int64(municipality.rawValue))
        out.appendStatic(",\"origin\":")
        CanonicalJSON.writeString(origin.node.rawValue, into: &out)
        out.removeLast()  // the closing quote: the incarnation follows inside the same string
        out.append(UInt8(ascii: "."))
        out.appendDecimal(Int64(origin.incarnation))
        out.append(UInt8(ascii: "\""))
        out.appendStatic(",\"parents\":[")
        for (index, parent) in parents.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.appendQuotedHex(parent)
        }
        out.appendStatic("],\"payload\":")
        out.append(contentsOf: canonicalPayload)
        out.appendStatic(",\"prev\":")
        out.appendQuotedHex(previous)
        out.appendStatic(",\"schema\":")
        out.appendDecimal(Int64(schemaVersion))
        out.appendStatic(",\"seq\":")
        out.appendDecimal(seq)
        out.appendStatic(",\"stream\":")
        CanonicalJSON.writeString(stream.rawValue, into: &out)
        out.appendStatic(",\"type\":")
        CanonicalJSON.writeString(type.rawValue, into: &out)
        out.appendStatic(",\"v\":")
        out.appendDecimal(Int64(Event.formatVersion))
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

extension [UInt8] {
    /// Appends the bytes of static ASCII text in one run.
    @inline(__always)
    fileprivate mutating func appendStatic(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `value` in decimal, as `String(value)` writes it.
    fileprivate mutating func appendDecimal(_ value: Int64) {
        var magnitude = value.magnitude
        if value < 0 { append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes hold the 20 digits of UInt64.max
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position...]))
        }
    }

    /// Appends the 64 lowercase hex digits of `hash` between quotes.
    fileprivate mutating func appendQuotedHex(_ hash: EventHash) {
        let alphabet: StaticString = "0123456789abcdef"
        let digits = alphabet.utf8Start
        append(UInt8(ascii: "\""))
        hash.withUnsafeBytes { bytes in
            for byte in bytes {
                append(digits[Int(byte >> 4)])
                append(digits[Int(byte & 0x0F)])
            }
        }
        append(UInt8(ascii: "\""))
    }
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
