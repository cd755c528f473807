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
    /// The payload's bytes as received, when they are its canonical encoding (`CanonicalBytes`); nil when
    /// unknown, and then the payload is encoded from its tree.
    var canonicalPayload: [UInt8]?

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
        var key = key
        return key.withUTF8 { slot(ofUTF8: $0) }
    }

    /// The position of the field whose name is the UTF-8 `name` in `fieldNames`, nil when it is none.
    ///
    /// Read per member of every event of a page, and by `Event(envelope:)` per field: a switch over the
    /// fourteen names as `String`s compared them one by one (6 % of a page's reading and judging).
    static func slot(ofUTF8 name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = name.first else { return nil }
        let candidate: Int? =
            switch first {
            case UInt8(ascii: "a"): 0
            case UInt8(ascii: "c"): 1
            case UInt8(ascii: "h"): name.count == 4 && name[1] == UInt8(ascii: "a") ? 2 : 3
            case UInt8(ascii: "m"): 4
            case UInt8(ascii: "o"): 5
            case UInt8(ascii: "p"):
                name.count == 7 ? (name[3] == UInt8(ascii: "e") ? 6 : 7) : 8
            case UInt8(ascii: "s"):
                name.count == 6 ? (name[2] == UInt8(ascii: "h") ? 9 : 11) : 10
            case UInt8(ascii: "t"): 12
            case UInt8(ascii: "v"): 13
            default: nil
            }
        guard let candidate else { return nil }
        let expected = Self.fieldNameText(candidate)
        guard expected.utf8CodeUnitCount == name.count else { return nil }
        for offset in 0..<name.count where expected.utf8Start[offset] != name[offset] { return nil }
        return candidate
    }

    /// The name of the field at `slot`, as static text (no array of names to reach through a lazy global).
    private static func fieldNameText(_ slot: Int) -> StaticString {
        switch slot {
        case 0: "author"
        case 1: "channel"
        case 2: "hash"
        case 3: "hlc"
        case 4: "municipality"
        case 5: "origin"
        case 6: "parents"
        case 7: "payload"
        case 8: "prev"
        case 9: "schema"
        case 10: "seq"
        case 11: "stream"
        case 12: "type"
        default: "v"
        }
    }

    /// The value of the field `name`; nil when it is missing.
    subscript(_ name: String) -> JSONValue? { Self.slot(of: name).flatMap { fields[$0] } }

    /// The value of `field`; nil when it is missing.
    subscript(_ field: Field) -> JSONValue? { fields[field.rawValue] }

    /// Field names the fields of `fieldNames` by their position.
    enum Field: Int {
        case author, channel, hash, hlc, municipality, origin, parents, payload, prev, schema, seq, stream, type, v

        /// The field's name on the wire.
        var name: String { WireEnvelope.fieldNames[rawValue] }
    }

    /// The chain the envelope names, when its channel and origin can be read (also for a malformed event,
    /// so a puller can stop that chain).
    public var chain: ChainKey? {
        guard let channelText = self[.channel]?.stringValue, let channel = Channel(channelText),
            let originText = self[.origin]?.stringValue, let origin = Origin(originText)
        else { return nil }
        return ChainKey(channel: channel, origin: origin)
    }
}
