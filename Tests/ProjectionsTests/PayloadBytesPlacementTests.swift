import Domain
import EventLog
import EventModel
import Testing

@testable import Projections

/// A rebuild names the slots of events it trusts from their payloads' bytes (`SlotProbe.slots(ofValid:payload:)`)
/// instead of folding a parsed payload into a probe's views. Both must name the same slots, in the same order.
@Suite struct PayloadBytesPlacementTests {
    /// Events of every type the views place, with members present, missing, of other kinds or awkward.
    func awkwardEvents() -> [Event] {
        var node = TestNode("krs-server", 287)
        let meetings: [JSONValue] = ["m1", "m-2.x", 7, .null, "ä", ""]
        let items: [JSONValue] = ["p1", "a/b", 3, .null]
        let codes: [JSONValue] = [
            287, -1, 9_223_372_036_854_775_807, "287", .number(JSONNumber(jsonText: "2.5")!), .null,
        ]
        var events: [Event] = []
        for type in DomainEventType.all + [EventType("survey.planned")!] {
            for (index, meeting) in meetings.enumerated() {
                var members: [String: JSONValue] = ["date": "2025-03-14", "title": "Möte \"x\"", "text": "a\nb"]
                if !meeting.isNull { members["meeting"] = meeting }
                let item = items[index % items.count]
                if !item.isNull { members["item"] = item }
                let code = codes[index % codes.count]
                if !code.isNull { members["municipality"] = code }
                if index % 2 == 0 { members["gathering"] = meeting }
                if index == 3 { members = ["meeting": "m1", "item": "p1", "municipality": 287] }
                events.append(node.write(type, "meeting/m\(index)", .object(members), version: index == 4 ? 2 : 1))
            }
        }
        return events
    }

    @Test func slotsNamedFromBytesAreThoseOfTheProbe() throws {
        var history = try RandomHistory(seed: 11)
        for _ in 0..<300 { history.step() }
        var probe = SlotProbe(catalog: DomainCatalog.standard)
        var fromBytes = 0
        for event in history.events + awkwardEvents() {
            let expected = probe.slots(of: event, verdict: .valid)
            // Payloads with escapes or fractions are not vouched for: those are parsed and probed in a rebuild.
            guard let payload = PayloadBytes(event.canonicalPayload) else { continue }
            guard let slots = probe.slots(ofValid: event, payload: payload) else {
                // Only an upcast or published case counts take the parsed payload.
                #expect(
                    event.type == DomainEventType.caseCounts
                        || event.schemaVersion != (DomainUpcaster.currentVersions[event.type] ?? 1))
                continue
            }
            fromBytes += 1
            #expect(slots == expected, "\(event.type) \(event.payload)")
        }
        #expect(fromBytes > 250)
    }
}
