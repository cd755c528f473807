/// EventContent is what a content validator sees of an event: everything but its chain position.
///
/// The payload is a tree, or, for an event read from bytes `PayloadBytes` vouched for, those bytes
/// (`payloadBytes`): the catalog judges such a payload from its bytes, and `payload` parses them when asked.
public struct EventContent: Sendable {
    /// The channel.
    public let channel: Channel
    /// The municipality of the writing node.
    public let municipality: MunicipalityCode
    /// The item.
    public let stream: StreamID
    /// The event type.
    public let type: EventType
    /// The payload schema version.
    public let schemaVersion: Int
    /// The versions of the item the author had seen.
    public let parents: [EventHash]
    /// The payload object; parsed from `payloadBytes` on every call when the content holds no tree.
    public var payload: JSONValue { payloadTree ?? PayloadBytes.parseVouched(payloadBytes!.bytes) }
    /// The payload's vouched bytes when the content holds them instead of a tree; nil when it holds a tree.
    public let payloadBytes: PayloadBytes?
    private let payloadTree: JSONValue?

    /// Assembles the content.
    public init(
        channel: Channel, municipality: MunicipalityCode, stream: StreamID, type: EventType, schemaVersion: Int,
        parents: [EventHash], payload: JSONValue
    ) {
        self.init(
            channel: channel, municipality: municipality, stream: stream, type: type, schemaVersion: schemaVersion,
            parents: parents, payloadTree: payload, payloadBytes: nil)
    }

    /// Assembles the content of a payload known by its vouched bytes.
    public init(
        channel: Channel, municipality: MunicipalityCode, stream: StreamID, type: EventType, schemaVersion: Int,
        parents: [EventHash], payloadBytes: PayloadBytes
    ) {
        self.init(
            channel: channel, municipality: municipality, stream: stream, type: type, schemaVersion: schemaVersion,
            parents: parents, payloadTree: nil, payloadBytes: payloadBytes)
    }

    private init(
        channel: Channel, municipality: MunicipalityCode, stream: StreamID, type: EventType, schemaVersion: Int,
        parents: [EventHash], payloadTree: JSONValue?, payloadBytes: PayloadBytes?
    ) {
        self.channel = channel
        self.municipality = municipality
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.parents = parents
        self.payloadTree = payloadTree
        self.payloadBytes = payloadBytes
    }

    /// The same content holding the payload as a tree (parsed once), for rules that read the tree many times.
    public var withTree: EventContent {
        guard payloadTree == nil else { return self }
        return EventContent(
            channel: channel, municipality: municipality, stream: stream, type: type, schemaVersion: schemaVersion,
            parents: parents, payload: payload)
    }
}

extension EventContent: Hashable {
    /// Equal when every part is, the payloads compared as trees.
    public static func == (lhs: EventContent, rhs: EventContent) -> Bool {
        lhs.channel == rhs.channel && lhs.municipality == rhs.municipality && lhs.stream == rhs.stream
            && lhs.type == rhs.type && lhs.schemaVersion == rhs.schemaVersion && lhs.parents == rhs.parents
            && lhs.payload == rhs.payload
    }

    /// Hashes the parts but the payload (equal contents have equal parts).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(channel)
        hasher.combine(municipality)
        hasher.combine(stream)
        hasher.combine(type)
        hasher.combine(schemaVersion)
        hasher.combine(parents)
    }
}

extension Event {
    /// The parts a content validator judges; an event read from vouched payload bytes gives them as bytes.
    public var content: EventContent {
        if let payloadBytes {
            return EventContent(
                channel: channel, municipality: municipality, stream: stream, type: type,
                schemaVersion: schemaVersion, parents: parents, payloadBytes: payloadBytes)
        }
        return EventContent(
            channel: channel, municipality: municipality, stream: stream, type: type, schemaVersion: schemaVersion,
            parents: parents, payload: payload)
    }
}

/// ContentVerdict is a validator's judgement of an event's content.
public enum ContentVerdict: Sendable, Hashable {
    /// Known type and version, valid payload: views fold it.
    case valid
    /// This node does not know the type.
    case unknownType
    /// This node knows the type but not this schema version.
    case unknownSchemaVersion(known: [Int])
    /// The payload or envelope breaks a rule; `field` names where.
    case invalid(EnvelopeError)

    /// Whether views may fold the event.
    public var isValid: Bool { self == .valid }

    /// A sentence for status pages and flags; nil when valid.
    public var reason: String? {
        switch self {
        case .valid: nil
        case .unknownType: "unknown event type"
        case .unknownSchemaVersion(let known):
            "unknown schema version (this node knows \(known.map(String.init).joined(separator: ", ")))"
        case .invalid(let error): error.description
        }
    }
}

/// ContentValidator judges the content of events; the log calls it at local append (refusing what is
/// not valid) and at ingest (storing and flagging what is not valid, never refusing it).
public protocol ContentValidator: Sendable {
    /// Judges one event's content.
    func verdict(for content: EventContent) -> ContentVerdict
    /// The fingerprint of all the rules (`RulesFingerprint`): equal fingerprints judge every event alike.
    /// Nil when unknown; verdicts of such a validator are never reused.
    var rulesFingerprint: EventHash? { get }
    /// The fingerprint of the rules judging events of `type`: equal fingerprints judge every event of that type
    /// alike. Nil when unknown.
    func rulesFingerprint(for type: EventType) -> EventHash?
}

extension ContentValidator {
    /// Unknown unless the validator says.
    public var rulesFingerprint: EventHash? { nil }
    /// Unknown unless the validator says.
    public func rulesFingerprint(for type: EventType) -> EventHash? { nil }
}

/// AcceptAnyContent is a validator that knows every type: for tools that copy logs without judging them.
public struct AcceptAnyContent: ContentValidator {
    /// Makes the validator.
    public init() {}
    /// Always valid.
    public func verdict(for content: EventContent) -> ContentVerdict { .valid }
}
