/// RulesFingerprint names what a catalog decides, as a SHA-256 of a canonical description of its rules.
///
/// A stored verdict may stand in for judging an event again only when the rules that made it are the rules that
/// would judge it now. Closures cannot be compared, so the description covers everything declared as data — type,
/// version, channel rule, every field with its kind and bounds — plus the name each schema gives its `check`
/// (`EventSchema.checkIdentity`) and `validationRevision`, which stands for this module's own validation code
/// (`PayloadField.Kind.validate`, `EventSchema.validate`). A type with a check nobody named has no fingerprint.
public enum RulesFingerprint {
    /// The revision of the validation code in this module; change it whenever that code judges differently.
    public static let validationRevision = "eventmodel-validation/1"

    /// The fingerprint of a catalog's rules for a type it does not declare: every such event is `unknownType`.
    public static let unknownType = EventHash.sha256(Array("\(validationRevision) unknown type".utf8))

    /// The fingerprint of every schema declared for one type, or nil when a check of one of them is unnamed.
    public static func of(type: EventType, versions: [Int: EventSchema]) -> EventHash? {
        var described: [JSONValue] = []
        for version in versions.keys.sorted() {
            guard let schema = versions[version], let check = schema.hasCheck ? schema.checkIdentity : "none" else {
                return nil
            }
            described.append([
                "version": JSONValue.number(JSONNumber(version)), "channel": .string(name(of: schema.channel)),
                "fields": fields(schema.fields), "check": .string(check),
            ])
        }
        let document: JSONValue = [
            "revision": .string(validationRevision), "type": .string(type.rawValue), "versions": .array(described),
        ]
        return EventHash.sha256(CanonicalJSON.encode(document))
    }

    /// The fingerprint of a whole catalog from those of its types, or nil when one type has none.
    public static func of(types: [EventType: EventHash?]) -> EventHash? {
        var members: [String: JSONValue] = [:]
        for (type, fingerprint) in types {
            guard let fingerprint else { return nil }
            members[type.rawValue] = .string(fingerprint.hex)
        }
        let document: JSONValue = ["revision": .string(validationRevision), "types": .object(members)]
        return EventHash.sha256(CanonicalJSON.encode(document))
    }

    private static func name(of rule: EventSchema.ChannelRule) -> String {
        switch rule {
        case .region: "region"
        case .ownMunicipality: "ownMunicipality"
        }
    }

    private static func fields(_ fields: [PayloadField]) -> JSONValue {
        .array(
            fields.map { field in
                ["name": .string(field.name), "required": .bool(field.isRequired), "kind": kind(field.kind)]
            })
    }

    /// A kind with its bounds; decimals as Swift writes a `Double`, which is exact and the same on every run.
    private static func kind(_ kind: PayloadField.Kind) -> JSONValue {
        switch kind {
        case .text(let maxLength): ["text", .number(JSONNumber(maxLength))]
        case .integer(let range):
            ["integer", .number(JSONNumber(range.lowerBound)), .number(JSONNumber(range.upperBound))]
        case .decimal(let range): ["decimal", .string("\(range.lowerBound)"), .string("\(range.upperBound)")]
        case .date: ["date"]
        case .year: ["year"]
        case .boolean: ["boolean"]
        case .municipality: ["municipality"]
        case .oneOf(let allowed): ["oneOf", .array(allowed.map { .string($0) })]
        case .hash: ["hash"]
        case .list(let element, let maxCount): ["list", self.kind(element), .number(JSONNumber(maxCount))]
        case .object(let members): ["object", fields(members)]
        }
    }
}
