/// EventWireFields is an event's wire form taken apart: the texts and bytes its canonical JSON is written from.
///
/// A node serves the events a peer pulls as wire forms written from these fields as its log stores them
/// (`EventLog.wireEvents`), without parsing the payload or checking the envelope texts again; the texts
/// are written escaped like any other.
public struct EventWireFields: Sendable, Hashable {
    /// The author's name.
    public var author: String
    /// The channel as written (`region`, `municipality/287`).
    public var channel: String
    /// The 32 hash bytes.
    public var hash: [UInt8]
    /// The packed hybrid logical clock.
    public var hlc: Int64
    /// The writing node's municipality code.
    public var municipality: Int64
    /// The origin as written (`node.incarnation`).
    public var origin: String
    /// The parents' hashes, 32 bytes each.
    public var parents: [UInt8]
    /// The canonical payload bytes.
    public var payload: [UInt8]
    /// The 32 bytes of the previous event's hash.
    public var previous: [UInt8]
    /// The payload schema version.
    public var schema: Int64
    /// The sequence number.
    public var seq: Int64
    /// The item.
    public var stream: String
    /// The event type.
    public var type: String

    /// Names every field.
    public init(
        author: String, channel: String, hash: [UInt8], hlc: Int64, municipality: Int64, origin: String,
        parents: [UInt8], payload: [UInt8], previous: [UInt8], schema: Int64, seq: Int64, stream: String, type: String
    ) {
        self.author = author
        self.channel = channel
        self.hash = hash
        self.hlc = hlc
        self.municipality = municipality
        self.origin = origin
        self.parents = parents
        self.payload = payload
        self.previous = previous
        self.schema = schema
        self.seq = seq
        self.stream = stream
        self.type = type
    }
}

extension Event {
    /// The fields of this event's wire form.
    public var wireFields: EventWireFields {
        var parentBytes: [UInt8] = []
        parentBytes.reserveCapacity(32 * parents.count)
        for parent in parents { parent.withUnsafeBytes { parentBytes.append(contentsOf: $0) } }
        return EventWireFields(
            author: author.rawValue, channel: channel.description, hash: hash.bytes, hlc: hlc.rawValue,
            municipality: Int64(municipality.rawValue), origin: origin.description, parents: parentBytes,
            payload: canonicalPayload, previous: previous.bytes, schema: Int64(schemaVersion), seq: seq,
            stream: stream.rawValue, type: type.rawValue)
    }
}
