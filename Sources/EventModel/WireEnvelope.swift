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
    /// The payload's bytes when `PayloadBytes` vouched for them while the page was read: then no tree was built,
    /// and the payload's field holds `vouchedPayloadMark` (an object, so the field counts as present).
    var payloadBytes: PayloadBytes?
    /// What the payload's field holds when its bytes were kept instead of a tree (`payloadBytes`).
    static let vouchedPayloadMark = JSONValue.object([:])
    /// The SHA-256 of the event's canonical encoding, when the bytes it was read from show it (a page read by
    /// `JSONParser.parsePage`, see its `canonicalForm`); nil when unknown, and then the encoding is written and
    /// hashed. Meaningful only for an envelope that decodes into an event.
    public internal(set) var canonicalDigest: EventHash?
    /// The page the envelope was read from (`JSONParser.parsePage`); nil when it was not read from a page.
    var page: PageMark?
    /// For the fields a page mostly repeats (`mayRepeat`): which of the page's distinct texts of the field the
    /// envelope's value is, written with the same bytes (`TextEntry`).
    var entries = TextEntries()
    /// The `prev` and `hash` a page wrote as plain strings of 64 lowercase hex digits, read straight into hashes
    /// (`JSONParser.parsePage`): their fields then hold `hexHashMark`, and reading them gives the string back.
    /// Two texts of 64 bytes per event were allocated, freed and parsed again.
    var hexHashes = HexHashes()

    /// HexHashes holds the `prev` and `hash` of an envelope read as hashes from a page; nil where not.
    struct HexHashes: Sendable {
        var prev: EventHash?
        var hash: EventHash?
    }

    /// What the field of a hash read into `hexHashes` holds (so the field counts as present).
    static let hexHashMark = JSONValue.null

    /// The hash the field `field` (`prev` or `hash`) was read as from a page; nil when it was not.
    func hexHash(_ field: Field) -> EventHash? {
        switch field {
        case .prev: hexHashes.prev
        case .hash: hexHashes.hash
        default: nil
        }
    }

    /// Notes that the field at `slot` (`prev` or `hash`) was read as `hash` from a page, or, with nil, was not.
    mutating func setHexHash(_ hash: EventHash?, at slot: Int) {
        // On the slot's number: making a `Field` of it was a call, many times a member.
        switch slot {
        case Field.prev.rawValue: hexHashes.prev = hash
        case Field.hash.rawValue: hexHashes.hash = hash
        default: break
        }
    }

    /// PageMark tells the envelopes of one page read from those of another.
    final class PageMark: Sendable {}

    /// TextEntries says, per field a page mostly repeats, which of its distinct texts an envelope's value is:
    /// 0 for none (not a plain string, or the page had too many), else the entry's number from 1.
    struct TextEntries: Sendable {
        var channel: UInt8 = 0
        var origin: UInt8 = 0
        var type: UInt8 = 0
        var author: UInt8 = 0

        subscript(slot: Int) -> UInt8 {
            get {
                switch slot {
                case Field.channel.rawValue: channel
                case Field.origin.rawValue: origin
                case Field.type.rawValue: type
                case Field.author.rawValue: author
                default: 0
                }
            }
            set {
                switch slot {
                case Field.channel.rawValue: channel = newValue
                case Field.origin.rawValue: origin = newValue
                case Field.type.rawValue: type = newValue
                case Field.author.rawValue: author = newValue
                default: break
                }
            }
        }
    }

    /// KeyPattern is a field's key as a sound event writes it, `"name":` without whitespace, as sixteen bytes to
    /// compare with the bytes at a key in two words (`"municipality":`, the longest, has fifteen).
    struct KeyPattern {
        /// The key's first eight bytes, then the rest, zero past its end.
        let low: UInt64
        let high: UInt64
        /// Which bits of the two words are the key's.
        let lowMask: UInt64
        let highMask: UInt64
        /// How many bytes the key has, quotes and colon included.
        let count: Int

        /// The pattern of the key of the field at `slot`.
        init(slot: Int) {
            let key = Array("\"\(WireEnvelope.fieldNames[slot])\":".utf8)
            precondition(key.count <= 16, "a field's key fits in two words")
            var words: (UInt64, UInt64) = (0, 0)
            var masks: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: key) }
            withUnsafeMutableBytes(of: &masks) { buffer in
                for offset in key.indices { buffer[offset] = 0xFF }
            }
            // In memory order, as `matches` loads the bytes it compares.
            (low, high) = words
            (lowMask, highMask) = masks
            count = key.count
        }

        /// Whether the bytes at `offset` (sixteen of which must be in `bytes`) begin with the key.
        @inline(__always)
        func matches(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
            let first = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let second = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
            return first & lowMask == low && second & highMask == high
        }
    }

    /// The fewest bytes a sound event's wire form takes: its fourteen keys and two hashes of 64 hex digits.
    /// (An upper bound on how many events bytes hold, for reserving room.)
    static let shortestSoundEvent = 256

    /// How many distinct texts of a field a page's envelopes are matched against.
    static let textEntryCapacity = 8

    /// Whether the field at `slot` is one a page's envelopes mostly repeat: the channel, the origin, the type and
    /// the author (a handful each), which are then read and checked once a page instead of once an event.
    static func mayRepeat(_ slot: Int) -> Bool {
        switch slot {
        case Field.author.rawValue, Field.channel.rawValue, Field.origin.rawValue, Field.type.rawValue: true
        default: false
        }
    }

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

    /// How many bytes the name of the field at `slot` has (without reaching `fieldNames` through its lazy global).
    static func nameLength(_ slot: Int) -> Int { fieldNameText(slot).utf8CodeUnitCount }

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
    subscript(_ name: String) -> JSONValue? { Self.slot(of: name).flatMap { self[Field(rawValue: $0)!] } }

    /// The value of `field`; nil when it is missing. A hash read straight from a page (`hexHashes`) is given as the
    /// string it was written as.
    subscript(_ field: Field) -> JSONValue? {
        if let hash = hexHash(field) { return .string(hash.hex) }
        return fields[field.rawValue]
    }

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
