import EventModel

/// DomainCatalog declares the versioned payload schemas of every domain event type.
///
/// The catalog knows the shipped programme's indicators, so it refuses a report for a derived indicator
/// and checks a figure's shape against its indicator's kind. Indicators defined later by events are
/// checked only for the authoring rule and the stream convention.
public enum DomainCatalog {
    /// The catalog every node runs: all domain schemas, aware of the shipped programme's indicators.
    public static let standard: EventCatalog = make(indicators: ProgrammeData.shipped.indicators)

    /// The revision of the checks this module declares (`EventSchema.check`): change it whenever one of them
    /// judges differently, so the catalog's fingerprint changes and verdicts stored under the old checks are
    /// judged again rather than reused (see `RulesFingerprint`).
    public static let checksRevision = "domain-checks/1"

    /// Makes the catalog for a set of known indicator definitions.
    ///
    /// The checks' identity names the known indicators too, because the follow-up checks decide by them.
    public static func make(indicators: [IndicatorDefinition]) -> EventCatalog {
        var known: [String: IndicatorDefinition] = [:]
        for definition in indicators { known[definition.id] = definition }
        let described = known.keys.sorted().map { "\(known[$0]!)" }.joined(separator: "\n")
        let identity = "\(checksRevision) indicators:\(EventHash.sha256(Array(described.utf8)).hex)"
        let schemas =
            programmeSchemas() + followUpSchemas(known: known) + meetingSchemas() + caseSchemas() + caseCountSchemas()
        return EventCatalog(schemas.map { $0.identified(as: identity) })
    }

    /// The payload of `event` in the newest schema version of its type, or nil when no upcast exists.
    ///
    /// Views fold only current payloads, so a v1 event written by an older node and a v2 event of the
    /// same meaning fold to the same state.
    public static func currentPayload(of event: Event) -> JSONValue? {
        DomainUpcaster.upcast(type: event.type, version: event.schemaVersion, payload: event.payload)
    }
}

/// DomainUpcaster turns payloads of older schema versions into the newest version.
public enum DomainUpcaster {
    /// The newest version of each type that has more than one.
    public static let currentVersions: [EventType: Int] = [DomainEventType.programmeAdopted: 2]
    /// `currentVersions`, for the lookup of every event folded.
    static let currentVersionTable = TypeTable(currentVersions)

    /// Upcasts `payload` of `type` at `version` to the current version, or returns nil when it cannot.
    public static func upcast(type: EventType, version: Int, payload: JSONValue) -> JSONValue? {
        let current = currentVersionTable[type] ?? 1
        guard version <= current else { return nil }
        var value = payload
        var at = version
        while at < current {
            guard let next = step(type: type, from: at, payload: value) else { return nil }
            value = next
            at += 1
        }
        return value
    }

    /// One step: `programme.adopted` v1 wrote `startYear`/`endYear` and had no review interval; v2 writes
    /// `period: {from, to}` and `reviewIntervalYears`, which the integration act sets at most to four.
    static func step(type: EventType, from version: Int, payload: JSONValue) -> JSONValue? {
        switch (type, version) {
        case (DomainEventType.programmeAdopted, 1):
            guard let start = payload["startYear"], let end = payload["endYear"] else { return nil }
            return payload.setting("startYear", nil).setting("endYear", nil)
                .setting("period", ["from": start, "to": end])
                .setting("reviewIntervalYears", 4)
        default: return nil
        }
    }
}
