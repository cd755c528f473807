/// EventSchema declares one version of one event type: its channel and the fields of its payload.
///
/// Validation is a walk over the parsed payload with no Foundation on the path, so catalogs can be
/// used at ingest speed. Rules that span fields or the envelope go in `check`.
public struct EventSchema: Sendable {
    /// Which channels an event of this type may be written to.
    public enum ChannelRule: Sendable {
        /// Only the region channel.
        case region
        /// Only the writing node's own municipality channel.
        case ownMunicipality
    }

    /// The event type.
    public let type: EventType
    /// The schema version this declaration describes.
    public let version: Int
    /// Where the event may be written.
    public let channel: ChannelRule
    /// The payload's fields; fields not listed are refused.
    public let fields: [PayloadField]
    /// A further rule over the whole content; returns the problem or nil.
    public let check: @Sendable (EventContent) -> EnvelopeError?
    /// What names `check` in the catalog's fingerprint (`EventCatalog.rulesFingerprint`); nil for a check nobody
    /// named, which keeps the type out of every fingerprint (its stored verdicts are never reused).
    public private(set) var checkIdentity: String?
    /// Whether a `check` was declared; a schema without one needs no identity.
    public let hasCheck: Bool
    // Computed once: validation runs for every event on the append and ingest paths.
    private let fieldNames: Set<String>
    // The fields' names as bytes, to judge vouched payload bytes (`PayloadField.acceptBytes`); nil when they cannot be.
    private let fieldNameBytes: [[UInt8]]?

    /// Declares a schema; a `check` is named by `checkIdentity`, see `identified(as:)`.
    public init(
        type: String, version: Int = 1, channel: ChannelRule = .region, fields: [PayloadField],
        check: (@Sendable (EventContent) -> EnvelopeError?)? = nil, checkIdentity: String? = nil
    ) {
        guard let eventType = EventType(type) else { preconditionFailure("invalid event type name \(type)") }
        self.type = eventType
        self.version = version
        self.channel = channel
        self.fields = fields
        self.check = check ?? { _ in nil }
        self.hasCheck = check != nil
        self.checkIdentity = checkIdentity
        self.fieldNames = Set(fields.map(\.name))
        self.fieldNameBytes = PayloadField.byteNames(of: fields)
    }

    /// The same schema with its check named `identity`.
    ///
    /// The name stands for the check's code and everything it captures: two schemas of one type and version
    /// with the same fields and the same check identity must judge every event alike, so whoever changes what
    /// a check decides must change its identity (the catalog's fingerprint then changes and stored verdicts are
    /// judged again).
    public func identified(as identity: String) -> EventSchema {
        var named = self
        named.checkIdentity = identity
        return named
    }

    /// Validates `content`, returning the first problem found.
    public func validate(_ content: EventContent) -> EnvelopeError? {
        switch (channel, content.channel) {
        case (.region, .region): break
        case (.ownMunicipality, .municipality(let code)) where code == content.municipality: break
        case (.region, _):
            return EnvelopeError(field: "channel", reason: "\(type) events belong to the region channel")
        case (.ownMunicipality, _):
            return EnvelopeError(
                field: "channel", reason: "\(type) events belong to the channel municipality/\(content.municipality)")
        }
        var content = content
        if let bytes = content.payloadBytes {
            // Fields found sound from the bytes leave the check to run on them too; otherwise the tree is judged, once
            // parsed, which gives the problem and its text.
            if let names = fieldNameBytes, PayloadField.acceptBytes(bytes, fields, names: names) { return check(content) }
            content = content.withTree
        }
        guard let members = content.payload.objectValue else {
            return EnvelopeError(field: "payload", reason: "must be a JSON object")
        }
        if let problem = PayloadField.validate(members, against: fields, names: fieldNames, path: "payload") {
            return problem
        }
        return check(content)
    }
}

/// PayloadField declares one member of a payload object.
public struct PayloadField: Sendable {
    /// What a field may hold.
    public indirect enum Kind: Sendable {
        /// A string of 1...maxLength characters (after trimming nothing: text stays as written).
        case text(maxLength: Int)
        /// An integer within the range.
        case integer(ClosedRange<Int64>)
        /// Any decimal number within the range.
        case decimal(ClosedRange<Double>)
        /// A calendar date `YYYY-MM-DD`.
        case date
        /// A year from 2000 to 2100.
        case year
        /// `true` or `false`.
        case boolean
        /// A member municipality code.
        case municipality
        /// One of the listed strings.
        case oneOf([String])
        /// A hash in hex.
        case hash
        /// An array of at most `maxCount` elements of one kind.
        case list(Kind, maxCount: Int)
        /// A nested object with its own fields.
        case object([PayloadField])
    }

    /// The member name.
    public let name: String
    /// What it holds.
    public let kind: Kind
    /// Whether it must be present (`null` counts as absent).
    public let isRequired: Bool

    /// A field that must be present.
    public static func required(_ name: String, _ kind: Kind) -> PayloadField {
        PayloadField(name: name, kind: kind, isRequired: true)
    }

    /// A field that may be absent or null.
    public static func optional(_ name: String, _ kind: Kind) -> PayloadField {
        PayloadField(name: name, kind: kind, isRequired: false)
    }

    static func validate(
        _ members: [String: JSONValue], against fields: [PayloadField], names: Set<String>? = nil, path: String
    ) -> EnvelopeError? {
        let names = names ?? Set(fields.map(\.name))
        guard names.count == fields.count else { return extraMember(of: members, names: names, path: path) ?? check() }
        guard fields.count <= UInt64.bitWidth else { return byLookup(members, against: fields, names: names, path: path) }
        // One walk over the members, each matched to its field by comparing names, instead of a hashed lookup
        // per declared field (most of them absent): this runs for every event appended, received or rebuilt.
        // The problem reported is still the first in the fields' order: a member's problem is kept only when
        // its field comes before the one kept so far, and missing fields before it are looked for afterwards.
        var present: UInt64 = 0
        var first = fields.count
        var problem: EnvelopeError?
        let extra = fields.withUnsafeBufferPointer { fields -> Bool in
            for (key, value) in members {
                guard let index = fields.firstIndex(where: { $0.name == key }) else { return true }
                present |= 1 << UInt64(index)
                guard index < first else { continue }
                let field = fields[index]
                if value.isNull {
                    if field.isRequired {
                        first = index
                        problem = EnvelopeError(field: "\(path).\(field.name)", reason: "is missing")
                    }
                } else if let found = field.kind.validate(value, path: "\(path).\(field.name)") {
                    first = index
                    problem = found
                }
            }
            for index in 0..<first where fields[index].isRequired && present & (1 << UInt64(index)) == 0 {
                first = index
                problem = EnvelopeError(field: "\(path).\(fields[index].name)", reason: "is missing")
                break
            }
            return false
        }
        if extra { return extraMember(of: members, names: names, path: path) }
        return problem

        func check() -> EnvelopeError? {
            for field in fields {
                guard let value = members[field.name], !value.isNull else {
                    if field.isRequired { return EnvelopeError(field: "\(path).\(field.name)", reason: "is missing") }
                    continue
                }
                if let problem = field.kind.validate(value, path: "\(path).\(field.name)") { return problem }
            }
            return nil
        }
    }

    /// `validate` for distinct names, by a lookup per field: for objects with more fields than the walk can mark.
    private static func byLookup(
        _ members: [String: JSONValue], against fields: [PayloadField], names: Set<String>, path: String
    ) -> EnvelopeError? {
        var present = 0
        var problem: EnvelopeError?
        for field in fields {
            guard let value = members[field.name] else {
                if problem == nil, field.isRequired {
                    problem = EnvelopeError(field: "\(path).\(field.name)", reason: "is missing")
                }
                continue
            }
            present += 1
            guard problem == nil else { continue }
            if value.isNull {
                if field.isRequired { problem = EnvelopeError(field: "\(path).\(field.name)", reason: "is missing") }
                continue
            }
            problem = field.kind.validate(value, path: "\(path).\(field.name)")
        }
        if present < members.count { return extraMember(of: members, names: names, path: path) }
        return problem
    }

    /// The error naming the smallest member of `members` that is none of `names`; nil when there is none.
    private static func extraMember(of members: [String: JSONValue], names: Set<String>, path: String) -> EnvelopeError? {
        // Sorting is needed only to name the same extra field on every node, so only when there is one.
        guard members.keys.contains(where: { !names.contains($0) }),
            let extra = members.keys.sorted().first(where: { !names.contains($0) })
        else { return nil }
        return EnvelopeError(field: "\(path).\(extra)", reason: "is not a field of this event type")
    }
}
