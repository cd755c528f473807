import Domain
import EventLog
import EventModel

/// Workload makes realistic domain events, valid under `DomainCatalog.standard`, deterministically.
///
/// Half are follow-up figures (`followup.reported`) of the node's municipality, spread over ten
/// count indicators and a hundred years; half are meeting events (`meeting.scheduled`,
/// `meeting.agenda_item`, `meeting.attendance`) of one meeting per twenty events.
struct Workload {
    static let municipality = MunicipalityCode(231)!
    static let indicators = [
        "unit-meetings", "tea-viisari", "meeting-places", "befrienders", "network-meetings",
        "employed-in-units", "umako-students", "second-language-students", "lectures", "welfare-area-meetings",
    ]
    static let places = ["Kaskö stadshus", "Närpes bibliotek", "Malax kommungård", "Korsholm ämbetshus", "Kristinestad"]
    static let authors = ["samordnare", "handläggare", "sekreterare", "ordförande"].map { Author($0)! }

    /// A new event for position `index` of a run; `tag` keeps meeting ids of different runs apart.
    static func newEvent(_ index: Int, tag: String = "m") -> NewEvent {
        let author = authors[index % authors.count]
        if index % 2 == 0 {
            let indicator = indicators[(index / 2) % indicators.count]
            let year = 2000 + (index / 20) % 101
            let payload: JSONValue = [
                "indicator": .string(indicator), "municipality": 231, "year": .number(JSONNumber(year)),
                "value": .number(JSONNumber(index % 997)),
                "note": .string("Rapporterat av kommunens samordnare, körning \(index)"),
            ]
            return try! NewEvent(
                channel: .region, stream: StreamID("figure/\(indicator)/231/\(year)")!,
                type: DomainEventType.followUpReported, author: author, payload: payload)
        }
        let meeting = "\(tag)-\(index / 20)"
        let stream = StreamID("meeting/\(meeting)")!
        let payload: JSONValue
        let type: EventType
        switch (index / 2) % 5 {
        case 0:
            type = DomainEventType.meetingScheduled
            payload = [
                "meeting": .string(meeting), "date": "2025-03-14", "host": 231,
                "place": .string(places[index % places.count]), "title": "Integrationsnätverkets möte",
            ]
        case 1, 2:
            type = DomainEventType.meetingAgendaItem
            payload = [
                "meeting": .string(meeting), "item": .string("p\(index % 40)"), "order": .number(JSONNumber(index % 40 + 1)),
                "title": "Uppföljning av integrationsprogrammets indikatorer",
            ]
        default:
            type = DomainEventType.meetingAttendance
            let codes: [JSONValue] = [287, 231, 545, 280, 475]
            payload = [
                "meeting": .string(meeting), "municipality": codes[index % 5], "present": .bool(index % 3 != 0),
                "persons": .number(JSONNumber(index % 4 + 1)),
            ]
        }
        return try! NewEvent(channel: .region, stream: stream, type: type, author: author, payload: payload)
    }

    /// The body of `POST /v1/events` for `index`.
    static func requestBody(_ index: Int, tag: String) -> [UInt8] {
        let new = newEvent(index, tag: tag)
        let body: JSONValue = [
            "channel": .string(new.channel.description), "stream": .string(new.stream.rawValue),
            "type": .string(new.type.rawValue), "author": .string(new.author.rawValue), "payload": new.payload,
        ]
        return CanonicalJSON.encode(body)
    }
}

/// ShadowChain computes, outside any timing, the rows the engine would store, for raw baselines.
struct ShadowChain {
    let origin: Origin
    var seq: Int64 = 0
    var previous = EventHash.zero
    var hlc: Int64

    init(origin: Origin, startMillis: Int64 = 1_760_000_000_000) {
        self.origin = origin
        self.hlc = startMillis << 16
    }

    mutating func next(_ new: NewEvent) -> Event {
        seq += 1
        hlc += 1
        let event = Event(
            channel: new.channel, origin: origin, seq: seq, previous: previous, hlc: HLC(rawValue: hlc)!,
            municipality: Workload.municipality, stream: new.stream, type: new.type, schemaVersion: new.schemaVersion,
            author: new.author, parents: new.parents, payload: new.payload)
        previous = event.hash
        return event
    }
}
