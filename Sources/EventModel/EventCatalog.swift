/// EventCatalog is a set of event schemas: the content validator of a node.
///
/// An event whose type is not in the catalog is `unknownType`; a known type with a version the
/// catalog lacks is `unknownSchemaVersion`. Both are refused at local append and stored flagged at
/// ingest, so a node running an older release still relays what newer nodes write.
public struct EventCatalog: ContentValidator {
    /// The schemas by type and version.
    public let schemas: [EventType: [Int: EventSchema]]
    /// The fingerprint of each type's rules (`RulesFingerprint`); a type whose check is unnamed has none.
    public let typeFingerprints: [EventType: EventHash]
    /// The fingerprint of all the catalog's rules; nil when a type has none.
    public let rulesFingerprint: EventHash?
    // `schemas` flattened, searched by the types' digests: judging runs for every event appended, received or
    // rebuilt, and two dictionary lookups (type, then version) cost more than a scan of the few dozen schemas.
    private let table: [EventSchema]

    /// Makes a catalog; a repeated (type, version) is a programming error.
    public init(_ schemas: [EventSchema]) {
        var table: [EventType: [Int: EventSchema]] = [:]
        for schema in schemas {
            precondition(table[schema.type]?[schema.version] == nil, "\(schema.type) v\(schema.version) declared twice")
            table[schema.type, default: [:]][schema.version] = schema
        }
        self.schemas = table
        self.table = schemas
        let fingerprints = table.mapValues { RulesFingerprint.of(type: $0.values.first!.type, versions: $0) }
        typeFingerprints = fingerprints.compactMapValues { $0 }
        rulesFingerprint = RulesFingerprint.of(types: fingerprints)
    }

    /// The newest version declared for `type`.
    public func currentVersion(of type: EventType) -> Int? {
        schemas[type]?.keys.max()
    }

    /// Judges one event's content against its schema.
    public func verdict(for content: EventContent) -> ContentVerdict {
        let type = content.type
        let version = content.schemaVersion
        let found = table.withUnsafeBufferPointer { table in
            table.firstIndex { $0.version == version && $0.type == type }
        }
        guard let found else {
            guard let versions = schemas[type] else { return .unknownType }
            return .unknownSchemaVersion(known: versions.keys.sorted())
        }
        if let problem = table[found].validate(content) { return .invalid(problem) }
        return .valid
    }

    /// The fingerprint of the rules judging events of `type`; for a type the catalog lacks, that of judging it unknown.
    public func rulesFingerprint(for type: EventType) -> EventHash? {
        schemas[type] == nil ? RulesFingerprint.unknownType : typeFingerprints[type]
    }

    /// A catalog holding the schemas of both.
    public func merging(_ other: EventCatalog) -> EventCatalog {
        EventCatalog(schemas.values.flatMap(\.values) + other.schemas.values.flatMap(\.values))
    }
}
