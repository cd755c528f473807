/// EnvelopeForm follows, member by member while a page is read, whether an event's wire form is written in
/// canonical form, and gives then the SHA-256 of the event's canonical encoding straight from the received bytes.
///
/// A node serves every event as the canonical JSON of its wire form, which is the event's canonical encoding (what
/// its hash is taken over) with the `hash` member added in its sorted place. So when the received object is
/// written canonically, the encoding is its bytes without that member, and hashing them spares writing the
/// encoding anew from the decoded fields (a tenth of reading and judging a page).
///
/// That holds only if every field, once decoded, is written back as received, which is checked from what the
/// parser read, without another pass over the bytes: members follow each other with no byte between them, keys
/// are the envelope's field names unescaped and in their byte order; a string is written without escapes exactly
/// when its bytes are two quotes longer than its text (every escape is longer than what it stands for), likewise
/// the elements of `parents`; integers are digits without a leading zero; the payload passes `CanonicalBytes`.
/// Hashes are read only as lowercase hex, so they are written back alike; a channel and an origin are read
/// leniently (an incarnation written `+1`), so those two are checked to be in the one form they are written in.
/// The digest is used only for an event that decodes (`OfferedEvent`), whose fields are then exactly the
/// fourteen of the encoding; debug builds compare it with the encoding written anew.
struct EnvelopeForm {
    /// Where the object's `{` is.
    let objectStart: Int
    /// Where the next key's opening quote is, when the object is written canonically.
    private var nextKey: Int
    /// The slot of the last member read.
    private var lastSlot = -1
    /// Whether every member so far is written canonically.
    private(set) var isCanonical = true
    private var payload: Range<Int>?
    private var hashMember: Range<Int>?
    private var channel: Range<Int>?
    private var origin: Range<Int>?

    init(objectStart: Int) {
        self.objectStart = objectStart
        nextKey = objectStart + 1
    }

    /// Notes the member whose key starts at `keyOffset` and whose value `parsed` was read from `value`; `slot` is
    /// its field, nil for a key that is none or was read escaped (either is not the canonical form). `isHexHash`
    /// says the value was read as a hash from a string of 64 lowercase hex digits (`WireEnvelope.hexHashes`), which
    /// is written as it is written back.
    mutating func note(
        slot: Int?, keyOffset: Int, value: Range<Int>, parsed: JSONValue, isHexHash: Bool = false,
        in bytes: UnsafeBufferPointer<UInt8>
    ) {
        // The payload's own bytes may be canonical when the envelope around them is not: kept either way, so
        // such a page does not encode every payload again from its tree.
        if slot == WireEnvelope.Field.payload.rawValue { payload = value }
        guard isCanonical else { return }
        guard let slot, slot > lastSlot, keyOffset == nextKey,
            value.lowerBound == keyOffset + WireEnvelope.nameLength(slot) + 3,
            value.upperBound < bytes.count,
            bytes[value.upperBound] == UInt8(ascii: ",") || bytes[value.upperBound] == UInt8(ascii: "}")
        else {
            isCanonical = false
            return
        }
        lastSlot = slot
        nextKey = value.upperBound + 1
        switch WireEnvelope.Field(rawValue: slot)! {
        case .payload:
            break
        case .hlc, .municipality, .schema, .seq, .v:
            isCanonical = Self.isPlainInteger(UnsafeBufferPointer(rebasing: bytes[value]))
        case .parents:
            guard let elements = parsed.arrayValue else {
                isCanonical = false
                return
            }
            var length = 2 + max(0, elements.count - 1)
            for element in elements {
                guard let text = element.stringValue else {
                    isCanonical = false
                    return
                }
                length += text.utf8.count + 2
            }
            isCanonical = value.count == length
        case .author, .channel, .hash, .origin, .prev, .stream, .type:
            guard isHexHash || parsed.stringValue.map({ value.count == $0.utf8.count + 2 }) == true else {
                isCanonical = false
                return
            }
            switch WireEnvelope.Field(rawValue: slot)! {
            case .hash: hashMember = keyOffset..<value.upperBound
            case .channel: channel = value
            case .origin: origin = value
            default: break
            }
        }
    }

    /// The payload's bytes when they are its canonical encoding (`CanonicalBytes`), and the SHA-256 of the event's
    /// canonical encoding when the object, ending before `objectEnd`, shows it; nil for either when unknown.
    /// `vouched` is the payload's bytes when `PayloadBytes` vouched for them (they are canonical then).
    func finish(objectEnd: Int, in bytes: UnsafeBufferPointer<UInt8>, vouched: PayloadBytes? = nil)
        -> (payload: [UInt8]?, digest: EventHash?)
    {
        func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
        let payload =
            vouched?.bytes ?? self.payload.flatMap { CanonicalBytes.areCanonical(slice($0)) ? Array(slice($0)) : nil }
        guard isCanonical, payload != nil, nextKey == objectEnd, let member = hashMember, let channel, let origin,
            Self.isChannelAsWritten(slice(channel)), Self.isOriginAsWritten(slice(origin))
        else { return (payload, nil) }
        // The member and the comma that joins it to the next one (or, when it is the last, to the one before).
        var removed = member
        if bytes[member.upperBound] == UInt8(ascii: ",") {
            removed = member.lowerBound..<(member.upperBound + 1)
        } else if bytes[member.lowerBound - 1] == UInt8(ascii: ",") {
            removed = (member.lowerBound - 1)..<member.upperBound
        }
        let digest = EventHash.sha256(
            UnsafeRawBufferPointer(slice(objectStart..<removed.lowerBound)),
            UnsafeRawBufferPointer(slice(removed.upperBound..<objectEnd)))
        return (payload, digest)
    }

    /// Whether `number` is a non-negative integer as `JSONNumber` writes it: digits, no leading zero.
    private static func isPlainInteger(_ number: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = number.first, number.count <= JSONNumber.maximumDigits,
            first != UInt8(ascii: "0") || number.count == 1
        else { return false }
        for digit in number where digit &- UInt8(ascii: "0") > 9 { return false }
        return true
    }

    /// Whether the JSON string `value` (quotes included) is a channel in the form `Channel.description` writes:
    /// `region`, or `municipality/` and three digits without a leading zero.
    static func isChannelAsWritten(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        func matches(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard count <= value.count else { return false }
            for position in 0..<count where value[position] != text.utf8Start[position] { return false }
            return true
        }
        if value.count == 8, matches("\"region\"") { return true }
        guard value.count == 18, matches("\"municipality/"), value[17] == UInt8(ascii: "\""),
            value[14] != UInt8(ascii: "0")
        else { return false }
        return value[14..<17].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Whether the JSON string `value` (quotes included) ends in an incarnation as `Origin.description` writes it:
    /// after its last dot, decimal digits without a leading zero. (The node's name is taken as written.)
    static func isOriginAsWritten(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\""),
            let dot = value.lastIndex(of: UInt8(ascii: ".")), dot < value.count - 2
        else { return false }
        let digits = UnsafeBufferPointer(rebasing: value[(dot + 1)..<(value.count - 1)])
        return digits.first != UInt8(ascii: "0")
            && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
