import EventModel
import Testing

/// A secured node reads an offered event's place and links (`link`) and whether it is a trust statement instead
/// of copying the event: these must be the event's own.
@Suite struct OfferedEventTests {
    func event(seq: Int64, type: String, previous: EventHash = .zero) -> Event {
        Event(
            channel: .municipality(MunicipalityCode(287)!), origin: Origin("krs-server.1")!, seq: seq, previous: previous,
            hlc: HLC(wallMillis: 1_764_000_000_000 + seq, counter: 0), municipality: MunicipalityCode(287)!,
            stream: StreamID("note/\(seq)")!, type: EventType(type)!, schemaVersion: 1, author: Author("anna")!,
            parents: [], payload: ["text": .string("note \(seq)")])
    }

    @Test func theLinkAndKindAreTheEventsOwn() {
        let first = event(seq: 1, type: "trust.node_enrolled")
        let second = event(seq: 2, type: "meeting.trust", previous: first.hash)
        for (item, isTrust) in [(first, true), (second, false)] {
            let offered = OfferedEvent(event: item, validator: AcceptAnyContent())
            #expect(
                offered.link
                    == ChainLink(seq: item.seq, hash: item.hash, previous: item.previous, municipality: item.municipality))
            #expect(offered.head == ChainHead(seq: item.seq, hash: item.hash))
            #expect(offered.chain == ChainKey(channel: item.channel, origin: item.origin))
            #expect(offered.isTrustStatement == isTrust)
        }
    }

    @Test func aMalformedEventHasNoLink() {
        var wire = event(seq: 1, type: "test.note").wireObject
        if case .object(var members) = wire {
            members["seq"] = .string("one")
            wire = .object(members)
        }
        let offered = OfferedEvent(wire: wire, validator: AcceptAnyContent())
        #expect(offered.link == nil && offered.head == nil && !offered.isTrustStatement)
        #expect(offered.chain == ChainKey(channel: .municipality(MunicipalityCode(287)!), origin: Origin("krs-server.1")!))
    }

    /// Chains taking turns in a page, with malformed events between: every index is filed under its own chain, in
    /// order, and the chains in order of first appearance.
    @Test func chainsOfAPageKeepEveryIndexInOrder() {
        let one = ChainKey(channel: .municipality(MunicipalityCode(287)!), origin: Origin("krs-server.1")!)
        func other(seq: Int64) -> Event {
            Event(
                channel: .region, origin: Origin("nrp-server.1")!, seq: seq, previous: .zero,
                hlc: HLC(wallMillis: 1_764_000_000_000 + seq, counter: 0), municipality: MunicipalityCode(545)!,
                stream: StreamID("note/\(seq)")!, type: EventType("test.note")!, schemaVersion: 1,
                author: Author("anna")!, parents: [], payload: [:])
        }
        let two = ChainKey(channel: .region, origin: Origin("nrp-server.1")!)
        let bad = OfferedEvent(wire: ["seq": 3], validator: AcceptAnyContent())
        func offered(_ event: Event) -> OfferedEvent { OfferedEvent(event: event, validator: AcceptAnyContent()) }
        func mine(_ seq: Int64) -> OfferedEvent { offered(event(seq: seq, type: "test.note")) }
        let page = [
            mine(1), mine(2), offered(other(seq: 1)), bad, mine(3), offered(other(seq: 2)), offered(other(seq: 3)),
            mine(4), bad,
        ]
        let (order, groups, malformed) = OfferedEvent.chains(of: page)
        #expect(order == [one, two])
        #expect(groups == [one: [0, 1, 4, 7], two: [2, 5, 6]])
        #expect(malformed == [3, 8])
    }
}
