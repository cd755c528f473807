/// NewEvent is what a writer hands to the log; the log adds origin, seq, prev, HLC and hash.
///
/// Its payload is a tree, or only the canonical bytes `PayloadBytes` vouched for (an API request's body in that
/// form): then it is judged and hashed from the bytes, and `payload` parses them when asked.
public struct NewEvent: Sendable, Hashable {
    /// The replication and privacy unit.
    public var channel: Channel
    /// The item the event belongs to.
    public var stream: StreamID
    /// What happened.
    public var type: EventType
    /// Version of the payload schema; the catalog's current one when written by this node.
    public var schemaVersion: Int
    /// Who writes it.
    public var author: Author
    /// Hashes of the versions of the same item the author had seen.
    public var parents: [EventHash]
    /// The event's data; a JSON object, parsed from `canonicalPayload` on every call when the event holds no tree.
    public var payload: JSONValue { payloadTree ?? PayloadBytes.parseVouched(canonicalPayload) }
    /// The payload's tree; nil when the event was made from vouched bytes.
    private(set) var payloadTree: JSONValue?
    /// The canonical bytes of `payload`: encoded once here, to check the size, and reused to hash and store.
    public private(set) var canonicalPayload: [UInt8]
    /// When set, the append is refused unless the stream holds exactly this many events.
    public var expectedStreamVersion: Int64?

    /// The largest payload accepted, in canonical bytes: far below a peer's 8 MiB body limit, so
    /// a page of events always fits in one push and replication never stalls on one huge event.
    public static let maximumPayloadBytes = 256 << 10

    /// Assembles a new event; `payload` must be a JSON object.
    public init(
        channel: Channel, stream: StreamID, type: EventType, schemaVersion: Int = 1, author: Author,
        parents: [EventHash] = [], payload: JSONValue, expectedStreamVersion: Int64? = nil
    ) throws(EnvelopeError) {
        guard payload.objectValue != nil else {
            throw EnvelopeError(field: "payload", reason: "must be a JSON object, not \(payload.kindName)")
        }
        try self.init(
            channel: channel, stream: stream, type: type, schemaVersion: schemaVersion, author: author,
            parents: parents, payloadTree: payload, canonicalPayload: CanonicalJSON.encode(payload),
            expectedStreamVersion: expectedStreamVersion)
    }

    /// Assembles a new event whose payload is known by bytes `PayloadBytes` vouched for, without a tree.
    public init(
        channel: Channel, stream: StreamID, type: EventType, schemaVersion: Int = 1, author: Author,
        parents: [EventHash] = [], payloadBytes: PayloadBytes, expectedStreamVersion: Int64? = nil
    ) throws(EnvelopeError) {
        try self.init(
            channel: channel, stream: stream, type: type, schemaVersion: schemaVersion, author: author,
            parents: parents, payloadTree: nil, canonicalPayload: payloadBytes.bytes,
            expectedStreamVersion: expectedStreamVersion)
    }

    private init(
        channel: Channel, stream: StreamID, type: EventType, schemaVersion: Int, author: Author,
        parents: [EventHash], payloadTree: JSONValue?, canonicalPayload: [UInt8], expectedStreamVersion: Int64?
    ) throws(EnvelopeError) {
        guard canonicalPayload.count <= Self.maximumPayloadBytes else {
            throw EnvelopeError(
                field: "payload",
                reason: "is \(canonicalPayload.count) bytes; at most \(Self.maximumPayloadBytes) are accepted")
        }
        guard (1...1_000_000).contains(schemaVersion) else {
            throw EnvelopeError(field: "schema", reason: "must be an integer in 1...1000000")
        }
        if let expected = expectedStreamVersion, expected < 0 {
            throw EnvelopeError(field: "expectedStreamVersion", reason: "must not be negative")
        }
        self.channel = channel
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.author = author
        self.parents = parents
        self.payloadTree = payloadTree
        self.canonicalPayload = canonicalPayload
        self.expectedStreamVersion = expectedStreamVersion
    }

    /// Assembles a new event from text as typed by a person, naming the first field that is wrong.
    public init(
        channel: String?, stream: String?, type: String?, schemaVersion: Int = 1, author: String?,
        parents: [String] = [], payloadJSON: [UInt8], expectedStreamVersion: Int64? = nil
    ) throws(EnvelopeError) {
        // Text already in the canonical form (as scripts and other programs mostly write it) is kept as it is.
        if let vouched = PayloadBytes(payloadJSON) {
            try self.init(
                channel: channel, stream: stream, type: type, schemaVersion: schemaVersion, author: author,
                parents: parents, payloadBytes: vouched, expectedStreamVersion: expectedStreamVersion)
            return
        }
        let payload: JSONValue
        do { payload = try JSONParser.parse(payloadJSON) } catch {
            throw EnvelopeError(field: "payload", reason: error.description)
        }
        try self.init(
            channel: channel, stream: stream, type: type, schemaVersion: schemaVersion, author: author,
            parents: parents, payload: payload, expectedStreamVersion: expectedStreamVersion)
    }

    /// Assembles a new event from envelope text and a payload parsed already (an API request's body),
    /// naming the first field that is wrong.
    public init(
        channel: String?, stream: String?, type: String?, schemaVersion: Int = 1, author: String?,
        parents: [String] = [], payload: JSONValue, expectedStreamVersion: Int64? = nil
    ) throws(EnvelopeError) {
        try self.init(
            Envelope(channel: channel, stream: stream, type: type, author: author, parents: parents),
            schemaVersion: schemaVersion, payload: .tree(payload), expectedStreamVersion: expectedStreamVersion)
    }

    /// Assembles a new event from envelope text and payload bytes `PayloadBytes` vouched for (an API request's
    /// body in that form), naming the first field that is wrong.
    public init(
        channel: String?, stream: String?, type: String?, schemaVersion: Int = 1, author: String?,
        parents: [String] = [], payloadBytes: PayloadBytes, expectedStreamVersion: Int64? = nil
    ) throws(EnvelopeError) {
        try self.init(
            Envelope(channel: channel, stream: stream, type: type, author: author, parents: parents),
            schemaVersion: schemaVersion, payload: .bytes(payloadBytes), expectedStreamVersion: expectedStreamVersion)
    }

    /// A payload as given: a tree, or bytes `PayloadBytes` vouched for.
    private enum GivenPayload {
        case tree(JSONValue)
        case bytes(PayloadBytes)
    }

    private init(
        _ envelope: Envelope, schemaVersion: Int, payload: GivenPayload, expectedStreamVersion: Int64?
    ) throws(EnvelopeError) {
        switch payload {
        case .tree(let tree):
            try self.init(
                channel: envelope.channel, stream: envelope.stream, type: envelope.type, schemaVersion: schemaVersion,
                author: envelope.author, parents: envelope.parents, payload: tree,
                expectedStreamVersion: expectedStreamVersion)
        case .bytes(let bytes):
            try self.init(
                channel: envelope.channel, stream: envelope.stream, type: envelope.type, schemaVersion: schemaVersion,
                author: envelope.author, parents: envelope.parents, payloadBytes: bytes,
                expectedStreamVersion: expectedStreamVersion)
        }
    }

    /// The envelope's fields read from text, or the error naming the first one that is wrong.
    private struct Envelope {
        let channel: Channel
        let stream: StreamID
        let type: EventType
        let author: Author
        let parents: [EventHash]

        init(channel: String?, stream: String?, type: String?, author: String?, parents: [String]) throws(EnvelopeError) {
            func required<T>(_ field: String, _ text: String?, _ form: String, _ make: (String) -> T?) throws(EnvelopeError) -> T {
                guard let text, !text.isEmpty else { throw EnvelopeError(field: field, reason: "is missing") }
                guard let value = make(text) else { throw EnvelopeError(field: field, reason: "'\(text)' is not \(form)") }
                return value
            }
            self.channel = try required("channel", channel, "region or municipality/<member code>", Channel.init)
            self.stream = try required("stream", stream, "1–128 of A–Z a–z 0–9 . _ : / @ -", StreamID.init)
            self.type = try required("type", type, "lowercase words joined by . _ -", EventType.init)
            self.author = try required("author", author, "1–128 characters without control characters", Author.init)
            var parentHashes: [EventHash] = []
            for (index, text) in parents.enumerated() {
                guard let parent = EventHash(hex: text) else {
                    throw EnvelopeError(field: "parents[\(index)]", reason: "'\(text)' is not 64 lowercase hex digits")
                }
                parentHashes.append(parent)
            }
            self.parents = parentHashes
        }
    }

    /// The parts a content validator judges: the payload as the event holds it (a tree, or vouched bytes).
    public func content(municipality: MunicipalityCode) -> EventContent {
        guard let payloadTree else {
            return EventContent(
                channel: channel, municipality: municipality, stream: stream, type: type, schemaVersion: schemaVersion,
                parents: parents, payloadBytes: PayloadBytes(vouched: canonicalPayload))
        }
        return EventContent(
            channel: channel, municipality: municipality, stream: stream, type: type, schemaVersion: schemaVersion,
            parents: parents, payload: payloadTree)
    }

    /// Equal when every field is, the payload compared by its canonical bytes (a tree and the bytes it encodes to
    /// are the same payload).
    public static func == (left: NewEvent, right: NewEvent) -> Bool {
        left.channel == right.channel && left.stream == right.stream && left.type == right.type
            && left.schemaVersion == right.schemaVersion && left.author == right.author && left.parents == right.parents
            && left.canonicalPayload == right.canonicalPayload
            && left.expectedStreamVersion == right.expectedStreamVersion
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(channel)
        hasher.combine(stream)
        hasher.combine(type)
        hasher.combine(schemaVersion)
        hasher.combine(author)
        hasher.combine(parents)
        hasher.combine(canonicalPayload)
        hasher.combine(expectedStreamVersion)
    }
}
