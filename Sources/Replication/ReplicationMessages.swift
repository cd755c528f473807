import EventModel

/// PullRequest asks a peer for the events the caller lacks: `POST /v1/pull`.
public struct PullRequest: Sendable, Equatable {
    /// What the caller holds.
    public var vector: VersionVector
    /// At most this many events in the answer.
    public var maxEvents: Int
    /// At most about this many bytes of events in the answer (at least one event is always sent).
    public var maxBytes: Int
    /// When nothing is waiting, how long the peer may hold the request open for new events.
    public var waitMillis: Int
    /// Chains the caller does not want now (they stopped at a refusal and are retried later).
    public var excluding: Set<ChainKey>
    /// The channels the caller asks for; nil: every channel it may read. A secured node answers 403
    /// when one of them is not the caller's.
    public var channels: Set<Channel>?

    /// The largest page a peer serves, whatever is asked.
    public static let maximumEvents = 5_000
    /// The largest page size in bytes a peer serves.
    public static let maximumBytes = 16 << 20
    /// The longest a peer holds a long-poll open.
    public static let maximumWaitMillis = 60_000

    /// Describes a pull.
    public init(vector: VersionVector, maxEvents: Int = 1_000, maxBytes: Int = 4 << 20, waitMillis: Int = 0,
                excluding: Set<ChainKey> = [], channels: Set<Channel>? = nil) {
        self.channels = channels
        self.vector = vector
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        self.waitMillis = waitMillis
        self.excluding = excluding
    }

    /// The JSON form.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "vector": vector.jsonValue, "maxEvents": .number(JSONNumber(maxEvents)),
            "maxBytes": .number(JSONNumber(maxBytes)), "waitMillis": .number(JSONNumber(waitMillis)),
            "excluding": .array(excluding.sorted().map(\.jsonValue)),
        ]
        if let channels { object["channels"] = .array(channels.sorted().map { .string($0.description) }) }
        return .object(object)
    }

    /// Reads the JSON form; limits are clamped to what a peer serves.
    public init(json: JSONValue) throws(EnvelopeError) {
        let reader = MessageReader(json, name: "pull request")
        vector = try reader.vector("vector")
        maxEvents = Int(try reader.integer("maxEvents", default: 1_000, in: 1...Int64(Self.maximumEvents)))
        maxBytes = Int(try reader.integer("maxBytes", default: 4 << 20, in: 1...Int64(Self.maximumBytes)))
        waitMillis = Int(try reader.integer("waitMillis", default: 0, in: 0...Int64(Self.maximumWaitMillis)))
        excluding = try reader.chainKeys("excluding")
        if let list = json["channels"], !list.isNull {
            guard let items = list.arrayValue, items.count <= 16 else {
                throw EnvelopeError(field: "channels", reason: "must be an array of at most 16 channels")
            }
            var channels: Set<Channel> = []
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue, let channel = Channel(text) else {
                    throw EnvelopeError(field: "channels[\(index)]", reason: "is not a channel")
                }
                channels.insert(channel)
            }
            self.channels = channels
        } else {
            channels = nil
        }
    }
}

/// PullAnswer is the answer to a pull as the serving node writes it: the events go out as the wire forms read
/// from its log (`WireEvent`), so serving a page parses no payload and builds no JSON tree per event.
/// `encoded` is byte for byte what `CanonicalJSON.encode` of the same answer as a `PullResponse` would give.
public struct PullAnswer: Sendable {
    /// The events, in chain order.
    public var events: [WireEvent]
    /// Whether more events are waiting beyond this page.
    public var hasMore: Bool
    /// The serving node's vector, restricted to what the caller may see.
    public var vector: VersionVector
    /// Places where the caller's vector names a hash the serving node does not hold there: forks.
    public var forks: [String]
    /// Signed chain heads covering the events (wire form); empty from an open node.
    public var heads: [JSONValue]

    /// Describes an answer.
    public init(events: [WireEvent], hasMore: Bool, vector: VersionVector, forks: [String] = [], heads: [JSONValue] = []) {
        self.events = events
        self.hasMore = hasMore
        self.vector = vector
        self.forks = forks
        self.heads = heads
    }

    /// The canonical JSON of the answer: keys in byte order (events, forks, hasMore, heads, vector).
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(events.reduce(256) { $0 + $1.json.count + 1 })
        out.append(contentsOf: #"{"events":"#.utf8)
        WireEvent.writeArray(events, into: &out)
        out.append(contentsOf: #","forks":"#.utf8)
        out.append(contentsOf: CanonicalJSON.encode(.array(forks.map { .string($0) })))
        out.append(contentsOf: hasMore ? #","hasMore":true"#.utf8 : #","hasMore":false"#.utf8)
        if !heads.isEmpty {
            out.append(contentsOf: #","heads":"#.utf8)
            out.append(contentsOf: CanonicalJSON.encode(.array(heads)))
        }
        out.append(contentsOf: #","vector":"#.utf8)
        out.append(contentsOf: CanonicalJSON.encode(vector.jsonValue))
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// PullResponse carries the events the caller lacks and the peer's own vector.
public struct PullResponse: Sendable {
    /// The events, in chain order; possibly malformed ones are kept as JSON for the ingest rules. Empty in
    /// an answer read with `init(page:)`, whose events are only in `envelopes`.
    public var events: [JSONValue]
    /// The envelopes read straight from the answer's bytes (`init(page:)`).
    private var readEnvelopes: [WireEnvelope]?
    /// Whether more events are waiting beyond this page.
    public var hasMore: Bool
    /// The peer's vector, restricted to what the caller may see.
    public var vector: VersionVector
    /// Places where the caller's vector names a hash the peer does not hold there: forks.
    public var forks: [String]
    /// Signed chain heads covering the events (wire form); empty from an open node.
    public var heads: [JSONValue]

    /// Describes an answer.
    public init(events: [JSONValue], hasMore: Bool, vector: VersionVector, forks: [String] = [], heads: [JSONValue] = []) {
        self.heads = heads
        self.events = events
        self.hasMore = hasMore
        self.vector = vector
        self.forks = forks
    }

    /// The JSON form.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "events": .array(events), "hasMore": .bool(hasMore), "vector": vector.jsonValue,
            "forks": .array(forks.map { .string($0) }),
        ]
        if !heads.isEmpty { object["heads"] = .array(heads) }
        return .object(object)
    }

    /// The events sorted into their envelopes' fields, to be read and judged (`OfferedEvent`).
    public var envelopes: [WireEnvelope] { readEnvelopes ?? events.map(WireEnvelope.init(wire:)) }

    /// The runs of one chain among the answer's events (`WireEnvelope.chainRuns`); nil when they cannot be read.
    public var chainRuns: [WireEnvelope.ChainRun]? { WireEnvelope.chainRuns(of: envelopes) }

    /// How many events the answer carries.
    public var eventCount: Int { readEnvelopes?.count ?? events.count }

    /// Takes the events out of the answer as envelopes; the answer then carries none. A puller takes them on
    /// the thread that reads and judges them, so they are freed there and not on the thread that stores them
    /// (freeing a page's envelopes took a fifth of that thread's time).
    public mutating func takeEnvelopes() -> [WireEnvelope] {
        let taken = envelopes
        events = []
        if readEnvelopes != nil { readEnvelopes = [] }
        return taken
    }

    /// Reads the answer from its bytes, the events straight into envelopes (`JSONParser.parsePage`);
    /// accepts and refuses what `init(json:)` of the parsed bytes does.
    public init(page bytes: [UInt8]) throws(PageError) {
        let parsed: (value: JSONValue, envelopes: [WireEnvelope]?)
        do {
            parsed = try JSONParser.parsePage(bytes, eventsAt: "events", keepingAtMost: PullRequest.maximumEvents)
        } catch { throw .json(error) }
        do { try self.init(json: parsed.value) } catch { throw .message(error) }
        if let envelopes = parsed.envelopes {
            guard envelopes.count <= PullRequest.maximumEvents else {
                throw .message(
                    EnvelopeError(field: "events", reason: "holds more than \(PullRequest.maximumEvents) elements"))
            }
            readEnvelopes = envelopes
        }
    }

    /// Why the bytes of an answer are no pull response.
    public enum PageError: Error, Sendable {
        /// They are not JSON.
        case json(JSONParser.Error)
        /// They are JSON but not a pull response.
        case message(EnvelopeError)
    }

    /// Reads the JSON form.
    public init(json: JSONValue) throws(EnvelopeError) {
        let reader = MessageReader(json, name: "pull response")
        events = try reader.array("events", maxCount: PullRequest.maximumEvents)
        hasMore = try reader.bool("hasMore", default: false)
        vector = try reader.vector("vector")
        forks = (json["forks"]?.arrayValue ?? []).compactMap(\.stringValue)
        heads = Array((json["heads"]?.arrayValue ?? []).prefix(PullRequest.maximumEvents))
    }
}

/// PushResponse says what became of each pushed event, and the receiver's vector afterwards.
public struct PushResponse: Sendable {
    /// One outcome per pushed event, in order.
    public var outcomes: [PushOutcome]
    /// The receiver's vector, restricted to what the caller may see.
    public var vector: VersionVector

    /// Describes an answer.
    public init(outcomes: [PushOutcome], vector: VersionVector) {
        self.outcomes = outcomes
        self.vector = vector
    }

    /// The JSON form.
    public var jsonValue: JSONValue {
        ["outcomes": .array(outcomes.map(\.jsonValue)), "vector": vector.jsonValue]
    }

    /// Reads the JSON form.
    public init(json: JSONValue) throws(EnvelopeError) {
        let reader = MessageReader(json, name: "push response")
        outcomes = try reader.array("outcomes", maxCount: PullRequest.maximumEvents).map { value throws(EnvelopeError) in
            try PushOutcome(json: value)
        }
        vector = try reader.vector("vector")
    }
}

/// PushOutcome is one event's fate at the receiver, as it travels on the wire.
public struct PushOutcome: Sendable, Hashable {
    /// appended, flagged, duplicate, fork, deferred or refused.
    public let kind: String
    /// The reason, as a sentence.
    public let reason: String

    /// Describes an outcome.
    public init(kind: String, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The wire form of an ingest outcome.
    public init(_ outcome: IngestOutcome) {
        self.init(kind: outcome.kind, reason: outcome.description)
    }

    /// Whether the receiver now holds the event.
    public var isHeld: Bool { ["appended", "flagged", "duplicate"].contains(kind) }

    /// The JSON form.
    public var jsonValue: JSONValue { ["kind": .string(kind), "reason": .string(reason)] }

    /// Reads the JSON form.
    public init(json: JSONValue) throws(EnvelopeError) {
        guard let kind = json["kind"]?.stringValue, let reason = json["reason"]?.stringValue else {
            throw EnvelopeError(field: "outcomes", reason: "each outcome needs kind and reason")
        }
        self.init(kind: kind, reason: reason)
    }
}
