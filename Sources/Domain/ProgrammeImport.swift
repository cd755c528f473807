import EventModel

/// ProgrammeImport turns a programme data file into the events that state it in the region channel.
///
/// Stream ids and payloads depend only on the data, so importing the same file twice yields the same
/// events; `missing(_:present:)` drops those already in the log, which makes the import idempotent.
public enum ProgrammeImport {
    /// What identifies an imported event in the log: its stream and the SHA-256 of its canonical payload.
    public struct Key: Sendable, Hashable {
        /// The stream.
        public let stream: StreamID
        /// The SHA-256 of the canonical payload bytes.
        public let payloadHash: EventHash

        /// Makes the key of a payload in a stream.
        public init(stream: StreamID, payload: JSONValue) {
            self.stream = stream
            self.payloadHash = EventHash.sha256(CanonicalJSON.encode(payload))
        }

        /// The key of a new event.
        public init(_ event: NewEvent) { self.init(stream: event.stream, payload: event.payload) }

        /// The key of a stored event.
        public init(_ event: Event) { self.init(stream: event.stream, payload: event.payload) }
    }

    /// The events stating `programme`: header, areas, indicators, the programme's targets and measures, in that order.
    public static func events(programme: ProgrammeData, author: Author) throws(EnvelopeError) -> [NewEvent] {
        let id = programme.programme
        var events: [NewEvent] = []
        func add(_ type: EventType, _ stream: StreamID?, _ payload: JSONValue) throws(EnvelopeError) {
            guard let stream else {
                throw EnvelopeError(field: "stream", reason: "programme data gives no valid stream id")
            }
            events.append(
                try NewEvent(
                    channel: .region, stream: stream, type: type,
                    schemaVersion: DomainUpcaster.currentVersions[type] ?? 1, author: author, payload: payload))
        }
        try add(
            DomainEventType.programmeAdopted, DomainStream.programme(id),
            [
                "programme": .string(id), "title": .string(programme.title),
                "period": [
                    "from": .number(JSONNumber(programme.fromYear)), "to": .number(JSONNumber(programme.toYear)),
                ],
                "members": .array(programme.members.map { .number(JSONNumber($0.rawValue)) }),
                "reviewIntervalYears": .number(JSONNumber(programme.reviewIntervalYears)),
            ])
        for (order, area) in programme.areas.enumerated() {
            try add(
                DomainEventType.programmeArea, DomainStream.area(id, area.id),
                [
                    "programme": .string(id), "area": .string(area.id), "title": .string(area.title),
                    "order": .number(JSONNumber(order + 1)),
                ])
        }
        for indicator in programme.indicators {
            var definition = indicator
            definition.programme = id
            try add(DomainEventType.indicatorDefined, DomainStream.indicator(id, indicator.id), definition.payload)
        }
        for target in programme.programmeTargets {
            let payload = JSONValue.object(["programme": .string(id), "indicator": .string(target.indicator)])
                .setting("min", target.target.minimum.map(JSONValue.number))
                .setting("max", target.target.maximum.map(JSONValue.number))
            try add(
                DomainEventType.programmeTarget, DomainStream.programmeTarget(id, target.indicator, year: nil), payload)
        }
        for area in programme.areas {
            for (order, measure) in area.measures.enumerated() {
                try add(
                    DomainEventType.programmeMeasure, DomainStream.measure(id, area.id, measure.id),
                    measurePayload(programme: id, area: area.id, order: order + 1, measure: measure))
            }
        }
        return events
    }

    /// The events of `events` whose (stream, payload hash) is not in `present`, in their order.
    public static func missing(_ events: [NewEvent], present: Set<Key>) -> [NewEvent] {
        events.filter { !present.contains(Key($0)) }
    }

    /// A measure's payload; empty cells are left out because payload texts are never empty.
    static func measurePayload(programme: String, area: String, order: Int, measure: ProgrammeData.Measure) -> JSONValue
    {
        var payload: JSONValue = [
            "programme": .string(programme), "area": .string(area), "measure": .string(measure.id),
            "order": .number(JSONNumber(order)), "indicators": .array(measure.indicators.map(JSONValue.string)),
        ]
        let cells = [
            ("goal", measure.goal), ("action", measure.action), ("responsible", measure.responsible),
            ("partners", measure.partners), ("followUp", measure.followUp),
        ]
        for (key, text) in cells where !text.isEmpty { payload = payload.setting(key, .string(text)) }
        return payload
    }
}
