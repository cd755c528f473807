import Domain
import EventModel
import Projections
import Web

/// FixtureNode writes events as one origin would: gapless sequence, hash chain, a clock that ticks one ms a time.
struct FixtureNode {
    let origin: Origin
    let municipality: MunicipalityCode
    var seq: Int64 = 0
    var previous = EventHash.zero
    var millis: Int64

    init(_ name: String, _ code: Int, startMillis: Int64) {
        origin = Origin("\(name).1")!
        municipality = MunicipalityCode(code)!
        millis = startMillis
    }

    mutating func write(_ type: EventType, _ stream: String, _ payload: JSONValue, parents: [EventHash] = []) -> Event {
        millis += 1
        seq += 1
        let event = Event(
            channel: .region, origin: origin, seq: seq, previous: previous, hlc: HLC(wallMillis: millis, counter: 0),
            municipality: municipality, stream: StreamID(stream)!, type: type, schemaVersion: 1,
            author: Author("samordnare")!, parents: parents, payload: payload)
        previous = event.hash
        return event
    }

    mutating func write(_ new: NewEvent) -> Event {
        millis += 1
        seq += 1
        let event = Event(
            channel: .region, origin: origin, seq: seq, previous: previous, hlc: HLC(wallMillis: millis, counter: 0),
            municipality: municipality, stream: new.stream, type: new.type, schemaVersion: new.schemaVersion,
            author: new.author, parents: new.parents, payload: new.payload)
        previous = event.hash
        return event
    }
}

/// WebFixture is a small region with fixed clocks: the programme, figures for 2024 and 2025, targets, and one
/// meeting whose minutes hold markup and CSV's special characters. The same events give the same digests.
enum WebFixture {
    /// The hostile text put in the minutes: markup, a semicolon, a quote, a comma and a newline.
    static let minutes = "Närvaro: alla; \"bra\" möte, <script>alert('x')</script>\nRad två"

    static func figure(_ indicator: String, _ code: Int, _ year: Int, _ members: [String: JSONValue]) -> JSONValue {
        var object: [String: JSONValue] = [
            "indicator": .string(indicator), "municipality": .number(JSONNumber(code)),
            "year": .number(JSONNumber(year)),
        ]
        object.merge(members) { _, new in new }
        return .object(object)
    }

    static func events() throws -> [Event] {
        var narpes = FixtureNode("nrp-server", 545, startMillis: 1_740_000_000_000)
        var kristinestad = FixtureNode("krs-server", 287, startMillis: 1_740_000_100_000)
        var events = try ProgrammeImport.events(programme: ProgrammeData.shipped, author: Author("import")!).map {
            narpes.write($0)
        }
        let reported = DomainEventType.followUpReported
        events.append(
            narpes.write(reported, "figure/befrienders/545/2024", figure("befrienders", 545, 2024, ["value": 14])))
        events.append(
            narpes.write(reported, "figure/befrienders/545/2025", figure("befrienders", 545, 2025, ["value": 17])))
        events.append(
            narpes.write(
                reported, "figure/courses/545/2025", figure("courses", 545, 2025, ["value": 6, "participants": 71])))
        events.append(
            narpes.write(
                reported, "figure/tea-viisari/545/2025",
                figure(
                    "tea-viisari", 545, 2025, ["value": .number(JSONNumber(jsonText: "3.5")!), "reference": "TEA 2025"])
            ))
        events.append(
            kristinestad.write(
                DomainEventType.municipalityTarget, "target/2023-2025/befrienders/287/2025",
                ["programme": "2023-2025", "indicator": "befrienders", "municipality": 287, "year": 2025, "min": 12]))
        events.append(
            kristinestad.write(reported, "figure/befrienders/287/2024", figure("befrienders", 287, 2024, ["value": 9])))
        events.append(
            kristinestad.write(reported, "figure/befrienders/287/2025", figure("befrienders", 287, 2025, ["value": 8])))
        events.append(
            kristinestad.write(
                reported, "figure/resident-guide/287/2025", figure("resident-guide", 287, 2025, ["done": true])))
        let meeting = "meeting/2025-1"
        events.append(
            kristinestad.write(
                DomainEventType.meetingScheduled, meeting,
                ["meeting": "2025-1", "date": "2025-03-12", "host": 287, "place": "Stadshuset; sal \"A\""]))
        events.append(
            kristinestad.write(
                DomainEventType.meetingAgendaItem, meeting,
                ["meeting": "2025-1", "item": "p1", "order": 1, "title": "Uppföljning 2024"]))
        for code in [287, 231, 545, 280, 475] {
            events.append(
                kristinestad.write(
                    DomainEventType.meetingAttendance, meeting,
                    ["meeting": "2025-1", "municipality": .number(JSONNumber(code)), "present": .bool(code != 280)]))
        }
        events.append(
            kristinestad.write(
                DomainEventType.meetingMinutes, meeting, ["meeting": "2025-1", "text": .string(minutes)]))
        events.append(
            kristinestad.write(
                DomainEventType.meetingDecision, meeting,
                ["meeting": "2025-1", "item": "d1", "text": "Uppföljningen godkänns."]))
        events.append(
            kristinestad.write(
                DomainEventType.meetingActionItem, meeting,
                ["meeting": "2025-1", "item": "a1", "text": "Översätta guiden", "owner": 545, "due": "2025-06-30"]))
        events.append(
            kristinestad.write(
                DomainEventType.meetingActionItem, meeting,
                ["meeting": "2025-1", "item": "a2", "text": "Boka festlokal", "owner": 475, "due": "2026-05-31"]))
        events.append(
            kristinestad.write(DomainEventType.meetingHeld, meeting, ["meeting": "2025-1", "date": "2025-03-12"]))
        // Närpes wrote its own minutes without seeing Kristinestad's: two versions stand side by side.
        events.append(
            narpes.write(
                DomainEventType.meetingMinutes, meeting, ["meeting": "2025-1", "text": "Närpes version av protokollet"])
        )
        events.append(
            narpes.write(
                DomainEventType.meetingScheduled, "meeting/2026-1",
                ["meeting": "2026-1", "date": "2026-02-10", "host": 545, "place": "Närpes stadshus"]))
        // Counts from cases, suppressed at the source: Kristinestad's 3 plans travel as "<5".
        events.append(
            narpes.write(
                DomainEventType.caseCounts, "casecounts/545/2024", caseCounts(545, "2024", [12, 10, 7, 18, 6])))
        events.append(
            narpes.write(
                DomainEventType.caseCounts, "casecounts/545/2025", caseCounts(545, "2025", [14, 11, 9, 23, 3])))
        events.append(
            kristinestad.write(
                DomainEventType.caseCounts, "casecounts/287/2025", caseCounts(287, "2025", [6, 4, 3, 8, 0])))
        return events
    }

    /// A `cases.counts` payload: the counts in `CaseCountKey` order, each suppressed with the default threshold.
    static func caseCounts(_ code: Int, _ period: String, _ values: [Int]) -> JSONValue {
        var counts: [CaseCountKey: SuppressedCount] = [:]
        for (key, value) in zip(CaseCountKey.allCases, values) { counts[key] = SuppressedCount(value) }
        return PublishedCaseCounts(municipality: MunicipalityCode(code)!, period: CasePeriod(period)!, counts: counts)
            .payload
    }

    /// The fixture folded into views, as a node would show it.
    static func snapshot() throws -> WebSnapshot {
        var views = DomainViews()
        for event in try events() { views.apply(event) }
        let status: JSONValue = [
            "events": 90, "flaggedEvents": 0, "forks": [],
            "stoppedChains": [
                ["channel": "region", "origin": "kor-server.1", "seq": 4, "reason": "gap: seq 4 after 2"]
            ],
            "peers": [
                [
                    "url": "http://127.0.0.1:7301", "peer": ["origin": "nrp-server.1"],
                    "lastContactMillis": 1_740_000_200_000,
                    "behind": ["peerLacks": 3, "weLack": 0], "stoppedChains": [], "lastError": .null,
                ]
            ],
        ]
        return WebSnapshot(
            node: "krs-server.1", municipality: MunicipalityCode(287)!, programme: views.programme,
            followUp: views.followUp, meetings: views.meetings, status: status)
    }

    /// The day every fixture page is read on.
    static let asOf = CalendarDate(year: 2026, month: 4, day: 15)!
}

/// FixedSource serves one snapshot, for router tests without a node.
struct FixedSource: WebSource {
    let snapshot: WebSnapshot
    func webSnapshot() throws -> WebSnapshot { snapshot }
}
