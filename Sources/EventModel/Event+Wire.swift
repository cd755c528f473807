/// The wire form of an event is the canonical object plus its `hash`: what `log --json` prints and
/// what replication carries. Reading it checks every field strictly but does not judge the hash;
/// the ingest rules do, so that a wrong hash is reported as such rather than as a parse error.
extension Event {
    /// The event as a JSON object: every canonical field plus `hash`.
    public var wireObject: JSONValue {
        .object([
            "author": .string(author.rawValue),
            "channel": .string(channel.description),
            "hlc": .number(JSONNumber(hlc.rawValue)),
            "municipality": .number(JSONNumber(municipality.rawValue)),
            "origin": .string(origin.description),
            "parents": .array(parents.map { .string($0.hex) }),
            "payload": payload,
            "prev": .string(previous.hex),
            "schema": .number(JSONNumber(schemaVersion)),
            "seq": .number(JSONNumber(seq)),
            "stream": .string(stream.rawValue),
            "type": .string(type.rawValue),
            "v": .number(JSONNumber(Event.formatVersion)),
            "hash": .string(hash.hex),
        ])
    }

    /// Reads the wire form; throws naming the first missing or malformed field.
    public init(wire value: JSONValue) throws(EnvelopeError) {
        try self.init(envelope: WireEnvelope(wire: value))
    }

    /// Reads an envelope sorted into its fields; throws naming the first missing or malformed field.
    public init(envelope: WireEnvelope) throws(EnvelopeError) {
        var recall = WireRecall()
        try self.init(envelope: envelope, recalling: &recall)
    }

    /// `init(envelope:)` for one of many envelopes of a page read in a row: a channel, origin, type or author
    /// written with the same bytes as in the envelope right before it is taken from `recall`, which holds what that
    /// one read, instead of being read and checked again.
    ///
    /// The envelope is borrowed, and read through its own methods: taking it (an initializer's parameter is owned) or
    /// holding it in a reader copied it, retaining and releasing every field, for every event of every page.
    public init(envelope: borrowing WireEnvelope, recalling recall: inout WireRecall) throws(EnvelopeError) {
        recall.start(envelope.page)
        if let kind = envelope.notAnObject {
            throw EnvelopeError(field: "event", reason: "must be a JSON object, not \(kind)")
        }
        // The smallest extra name, so that the same one is named every time.
        if let extra = envelope.extraKeys.min() {
            throw EnvelopeError(field: extra, reason: "is not a field of the event envelope")
        }
        guard try envelope.integer(.v, in: 1...1) == 1 else { throw EnvelopeError(field: "v", reason: "unsupported") }
        let channel = try envelope.parsed(
            .channel, as: "region or municipality/<member code>", entry: envelope.entries.channel,
            recalling: &recall.channels, Channel.init)
        let origin = try envelope.parsed(
            .origin, as: "node.incarnation", entry: envelope.entries.origin, recalling: &recall.origins, Origin.init)
        let seq = try envelope.integer(.seq, in: 1...Int64.max)
        let previous = try envelope.hash(.prev)
        guard let hlc = HLC(rawValue: try envelope.integer(.hlc, in: 0...Int64.max)) else {
            throw EnvelopeError(field: "hlc", reason: "must be a non-negative integer")
        }
        let code = try envelope.integer(.municipality, in: 100...999)
        guard let municipality = MunicipalityCode(Int(code)) else {
            throw EnvelopeError(field: "municipality", reason: "\(code) is not a member municipality")
        }
        let stream = try envelope.parsed(.stream, as: "1–128 of A–Z a–z 0–9 . _ : / @ -", StreamID.init)
        let type = try envelope.parsed(
            .type, as: "lowercase words joined by . _ -", entry: envelope.entries.type, recalling: &recall.types,
            EventType.init)
        let schemaVersion = Int(try envelope.integer(.schema, in: 1...1_000_000))
        let author = try envelope.parsed(
            .author, as: "1–128 characters without control characters", entry: envelope.entries.author,
            recalling: &recall.authors, Author.init)
        guard let parentValues = envelope[.parents]?.arrayValue else {
            throw EnvelopeError(field: "parents", reason: envelope[.parents] == nil ? "is missing" : "must be an array")
        }
        let parents = try parentValues.enumerated().map { (index, element) throws(EnvelopeError) -> EventHash in
            guard let text = element.stringValue, let parent = EventHash(hex: text) else {
                throw EnvelopeError(field: "parents[\(index)]", reason: "must be 64 lowercase hex digits")
            }
            return parent
        }
        guard let payload = envelope[.payload] else { throw EnvelopeError(field: "payload", reason: "is missing") }
        guard payload.objectValue != nil else {
            throw EnvelopeError(field: "payload", reason: "must be a JSON object, not \(payload.kindName)")
        }
        let claimed = try envelope.hash(.hash)
        if let payloadBytes = envelope.payloadBytes {
            self = Event(
                channel: channel, origin: origin, seq: seq, previous: previous, hlc: hlc, municipality: municipality,
                stream: stream, type: type, schemaVersion: schemaVersion, author: author, parents: parents,
                payloadBytes: payloadBytes, hash: claimed)
            return
        }
        self = Event(
            channel: channel, origin: origin, seq: seq, previous: previous, hlc: hlc, municipality: municipality,
            stream: stream, type: type, schemaVersion: schemaVersion, author: author, parents: parents,
            payload: payload, hash: claimed, canonicalPayload: envelope.canonicalPayload)
    }

    /// Reads the wire form from JSON bytes.
    public init(wireJSON bytes: some Collection<UInt8>) throws(EnvelopeError) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw EnvelopeError(field: "event", reason: error.description)
        }
        try self.init(wire: value)
    }
}

/// Reading an envelope's fields, as `Event(envelope:)` does: the errors name the field.
extension WireEnvelope {
    func string(_ field: WireEnvelope.Field) throws(EnvelopeError) -> String {
        guard let value = self[field] else { throw EnvelopeError(field: field.name, reason: "is missing") }
        guard let text = value.stringValue else {
            throw EnvelopeError(field: field.name, reason: "must be a string, not \(value.kindName)")
        }
        return text
    }

    /// The hash in `field` (`prev` or `hash`): as read from a page's plain hex (`hexHashes`), else parsed from its text.
    func hash(_ field: WireEnvelope.Field) throws(EnvelopeError) -> EventHash {
        if let read = hexHash(field) { return read }
        return try parsed(field, as: "64 lowercase hex digits", EventHash.init(hex:))
    }

    func parsed<T>(_ field: WireEnvelope.Field, as form: String, _ make: (String) -> T?) throws(EnvelopeError) -> T {
        let text = try string(field)
        guard let parsed = make(text) else { throw EnvelopeError(field: field.name, reason: "must be \(form)") }
        return parsed
    }

    /// `parsed(_:as:_:)` for a field whose value is the page's text entry `entry` (0: none): the value read for
    /// that entry before is taken from `recalled` without parsing, and a value read is kept there for the next.
    func parsed<T>(
        _ field: WireEnvelope.Field, as form: String, entry: UInt8, recalling recalled: inout [T?],
        _ make: (String) -> T?
    ) throws(EnvelopeError) -> T {
        let position = Int(entry) - 1
        if position >= 0, position < recalled.count, let known = recalled[position] { return known }
        let value = try parsed(field, as: form, make)
        if position >= 0, position < recalled.count { recalled[position] = value }
        return value
    }

    func integer(_ field: WireEnvelope.Field, in range: ClosedRange<Int64>) throws(EnvelopeError) -> Int64 {
        guard let value = self[field] else { throw EnvelopeError(field: field.name, reason: "is missing") }
        guard let number = value.int64Value, range.contains(number) else {
            throw EnvelopeError(
                field: field.name, reason: "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }
}

/// WireRecall holds, for the envelopes of one page read in a row, what each distinct channel, origin, type and
/// author of the page (`WireEnvelope.entries`) was read as, for the next envelopes written with the same bytes.
///
/// A page repeats a handful of each (mostly one chain of one origin); reading and checking an origin's text cost
/// 2,000 instructions an event, a type's 1,200. A value is kept only once read and accepted from the entry's
/// bytes, and taken only for an envelope of the same page whose field is that entry, so the event read, or the
/// error, is the same either way.
public struct WireRecall {
    private var page: WireEnvelope.PageMark?
    var channels: [Channel?] = []
    var origins: [Origin?] = []
    var types: [EventType?] = []
    var authors: [Author?] = []

    /// An empty recall.
    public init() {}

    /// Makes ready to read an envelope of `page`: what was read from another page is forgotten.
    mutating func start(_ page: WireEnvelope.PageMark?) {
        guard page !== self.page || page == nil else { return }
        self.page = page
        let empty = page == nil ? 0 : WireEnvelope.textEntryCapacity
        channels = Array(repeating: nil, count: empty)
        origins = Array(repeating: nil, count: empty)
        types = Array(repeating: nil, count: empty)
        authors = Array(repeating: nil, count: empty)
    }
}
