import Domain
import EventModel

/// TestNode writes events as one origin would: gapless sequence, hash chain, advancing clock.
struct TestNode {
    let origin: Origin
    let municipality: MunicipalityCode
    var seq: Int64 = 0
    var previous = EventHash.zero
    var millis: Int64

    init(_ name: String, _ code: Int, startMillis: Int64 = 1_700_000_000_000) {
        origin = Origin("\(name).1")!
        municipality = MunicipalityCode(code)!
        millis = startMillis
    }

    /// Writes an event; `at` sets the clock (never backwards), else it ticks one millisecond.
    mutating func write(
        _ type: EventType, _ stream: String, _ payload: JSONValue, parents: [EventHash] = [], version: Int = 1,
        at: Int64? = nil
    ) -> Event {
        millis = max(millis + 1, at ?? 0)
        seq += 1
        let event = Event(
            channel: .region, origin: origin, seq: seq, previous: previous, hlc: HLC(wallMillis: millis, counter: 0),
            municipality: municipality, stream: StreamID(stream)!, type: type, schemaVersion: version,
            author: Author("samordnare")!, parents: parents, payload: payload)
        previous = event.hash
        return event
    }

    /// Writes a new event handed over by an importer.
    mutating func write(_ new: NewEvent) -> Event {
        write(new.type, new.stream.rawValue, new.payload, parents: new.parents, version: new.schemaVersion)
    }
}

enum Codes {
    static let kristinestad = MunicipalityCode(287)!
    static let kasko = MunicipalityCode(231)!
    static let narpes = MunicipalityCode(545)!
    static let korsnas = MunicipalityCode(280)!
    static let malax = MunicipalityCode(475)!
}

/// The shipped programme as events written by one node of Närpes.
func programmeEvents(node: inout TestNode) throws -> [Event] {
    try ProgrammeImport.events(programme: ProgrammeData.shipped, author: Author("import")!).map { node.write($0) }
}

func figurePayload(
    _ indicator: String, _ code: Int, _ year: Int, value: Int? = nil, participants: Int? = nil, done: Bool? = nil,
    reference: String? = nil, note: String? = nil
) -> JSONValue {
    var payload: JSONValue = [
        "indicator": .string(indicator), "municipality": .number(JSONNumber(code)), "year": .number(JSONNumber(year)),
    ]
    if let value { payload = merge(payload, "value", .number(JSONNumber(value))) }
    if let participants { payload = merge(payload, "participants", .number(JSONNumber(participants))) }
    if let done { payload = merge(payload, "done", .bool(done)) }
    if let reference { payload = merge(payload, "reference", .string(reference)) }
    if let note { payload = merge(payload, "note", .string(note)) }
    return payload
}

func merge(_ object: JSONValue, _ key: String, _ value: JSONValue) -> JSONValue {
    var members = object.objectValue ?? [:]
    members[key] = value
    return .object(members)
}
