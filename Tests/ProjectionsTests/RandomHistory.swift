import Domain
import EventModel

/// RandomHistory writes a random domain history from several nodes: the shipped programme, figures and
/// corrections, conflicting minutes, last-writer-wins statuses, invalid and unknown events, old schemas.
struct RandomHistory {
    var rng: SplitMix64
    var nodes: [TestNode]
    var events: [Event] = []
    var versions: [String: [EventHash]] = [:]

    init(seed: UInt64) throws {
        rng = SplitMix64(seed: seed)
        nodes = [
            TestNode("krs-server", 287), TestNode("ksk-server", 231), TestNode("krs-laptop", 287),
            TestNode("krn-server", 280), TestNode("mlx-server", 475),
        ]
        for new in try ProgrammeImport.events(programme: .shipped, author: Author("import")!) {
            events.append(nodes[0].write(new))
        }
    }

    mutating func parents(_ stream: String) -> [EventHash] {
        let known = versions[stream] ?? []
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return []
        case 1: return known.isEmpty ? [] : [known.randomElement(using: &rng)!]
        default: return known
        }
    }

    mutating func step() {
        let index = Int.random(in: 0..<nodes.count, using: &rng)
        let code = nodes[index].municipality.rawValue
        let year = Int.random(in: 2023...2025, using: &rng)
        let meeting = "m\(Int.random(in: 1...3, using: &rng))"
        var type = DomainEventType.followUpReported
        var stream = "meeting/\(meeting)"
        var payload: JSONValue = ["meeting": .string(meeting)]
        var version = 1
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1:
            let indicator = ["befrienders", "lectures", "meeting-places"].randomElement(using: &rng)!
            stream = "figure/\(indicator)/\(code)/\(year)"
            payload = figurePayload(indicator, code, year, value: Int.random(in: 0...20, using: &rng))
        case 2:
            type = DomainEventType.meetingMinutes
            payload = [
                "meeting": .string(meeting), "text": .string("Protokoll \(Int.random(in: 0...99, using: &rng))"),
            ]
        case 3:
            type = Bool.random(using: &rng) ? DomainEventType.meetingHeld : DomainEventType.meetingCancelled
            if type == DomainEventType.meetingHeld {
                payload = ["meeting": .string(meeting), "date": .string("\(year)-05-02")]
            }
        case 4:
            type = DomainEventType.meetingAttendance
            payload = [
                "meeting": .string(meeting), "municipality": .number(JSONNumber(code)),
                "present": .bool(Bool.random(using: &rng)),
            ]
        case 5:
            type = DomainEventType.meetingScheduled
            payload = [
                "meeting": .string(meeting), "date": .string("\(year)-03-1\(Int.random(in: 0...9, using: &rng))"),
                "host": .number(JSONNumber(code)), "place": "Stadshuset",
            ]
        case 6:
            // Invalid here: a figure for another municipality, stored and skipped by the views.
            let other = code == 287 ? 231 : 287
            stream = "figure/befrienders/\(other)/\(year)"
            payload = figurePayload("befrienders", other, year, value: 1)
        case 7:
            type = EventType("survey.planned")!
            stream = "survey/\(year)"
            payload = [:]
        case 8:
            type = DomainEventType.meetingActionDone
            payload = [
                "meeting": .string(meeting), "item": "a1",
                "date": .string("\(year)-04-0\(Int.random(in: 1...9, using: &rng))"),
            ]
        default:
            type = DomainEventType.programmeAdopted
            stream = "programme/p\(year)"
            version = 1
            payload = [
                "programme": .string("p\(year)"), "title": "Program", "startYear": .number(JSONNumber(year)),
                "endYear": 2026, "members": [287, 545],
            ]
        }
        let event = nodes[index].write(type, stream, payload, parents: parents(stream), version: version)
        versions[stream, default: []].append(event.hash)
        events.append(event)
    }

    /// The events in a random order that keeps each origin's chain in sequence, as replication delivers them.
    mutating func deliveryOrder() -> [Event] {
        var queues: [Origin: ArraySlice<Event>] = Dictionary(grouping: events, by: \.origin).mapValues {
            ArraySlice($0)
        }
        var order: [Event] = []
        while !queues.isEmpty {
            let origin = queues.keys.sorted().randomElement(using: &rng)!
            order.append(queues[origin]!.removeFirst())
            if queues[origin]!.isEmpty { queues.removeValue(forKey: origin) }
        }
        return order
    }
}
