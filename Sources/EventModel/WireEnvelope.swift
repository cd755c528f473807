/// WireEnvelope is an event's wire form as received, its members sorted into the fields of the envelope:
/// what `Event(envelope:)` reads and judges.
///
/// A pull answer's events are read into envelopes straight from its bytes (`JSONParser.parsePage`), so a
/// page builds no dictionary per event; a JSON tree (a push body, `log --json`) gives the same envelope
/// through `init(wire:)`, and both then go through the one reader, so they accept and refuse alike.
public struct WireEnvelope: Sendable {
    /// The envelope's fields in byte order of their names, `hash` among them.
    static let fieldNames = [
        "author", "channel", "hash", "hlc", "municipality", "origin", "parents", "payload", "prev", "schema", "seq",
        "stream", "type", "v",
    ]

    /// The value of each field of `fieldNames`, nil where missing.
    var fields: [JSONValue?]
    /// Members that are no field of the envelope.
    var extraKeys: Set<String> = []
    /// The kind of a wire form that is no object (`JSONValue.kindName`); nil for an object.
    var notAnObject: String?

    init() { fields = Array(repeating: nil, count: Self.fieldNames.count) }

    /// Sorts the members of `value` into the envelope's fields.
    public init(wire value: JSONValue) {
        self.init()
        guard let object = value.objectValue else {
            notAnObject = value.kindName
            return
        }
        for (key, member) in object {
            if let slot = Self.slot(of: key) { fields[slot] = member } else { extraKeys.insert(key) }
        }
    }

    /// The position of the field named `key` in `fieldNames`, nil when it is none.
    static func slot(of key: String) -> Int? {
        switch key {
        case "author": 0
        case "channel": 1
        case "hash": 2
        case "hlc": 3
        case "municipality": 4
        case "origin": 5
        case "parents": 6
        case "payload": 7
        case "prev": 8
        case "schema": 9
        case "seq": 10
        case "stream": 11
        case "type": 12
        case "v": 13
        default: nil
        }
    }

    /// The value of the field `name`; nil when it is missing.
    subscript(_ name: String) -> JSONValue? { Self.slot(of: name).flatMap { fields[$0] } }

    /// The chain the envelope names, when its channel and origin can be read (also for a malformed event,
    /// so a puller can stop that chain).
    public var chain: ChainKey? {
        guard let channelText = self["channel"]?.stringValue, let channel = Channel(channelText),
            let originText = self["origin"]?.stringValue, let origin = Origin(originText)
        else { return nil }
        return ChainKey(channel: channel, origin: origin)
    }
}
