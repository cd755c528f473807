import EventModel
import Testing

@testable import Replication

@Suite struct ReplicationMessageTests {
    let origin = Origin("krs-server.1")!

    @Test func pullRequestsRoundTripAndClampNothingSilently() throws {
        var vector = VersionVector()
        vector[ChainKey(channel: .region, origin: origin)] = ChainHead(seq: 3, hash: EventHash.sha256(Array("x".utf8)))
        let request = PullRequest(
            vector: vector, maxEvents: 10, maxBytes: 5_000, waitMillis: 250,
            excluding: [ChainKey(channel: .region, origin: Origin("kas-laptop.2")!)])
        let parsed = try PullRequest(json: JSONParser.parse(CanonicalJSON.encode(request.jsonValue)))
        #expect(parsed == request)
        #expect(throws: EnvelopeError.self) { try PullRequest(json: ["vector": [:], "maxEvents": 999_999]) }
        #expect(throws: EnvelopeError.self) { try PullRequest(json: ["vector": [:], "waitMillis": -1]) }
        #expect(throws: EnvelopeError.self) { try PullRequest(json: ["maxEvents": 1]) }
        let defaults = try PullRequest(json: ["vector": [:]])
        #expect(defaults.maxEvents == 1_000 && defaults.waitMillis == 0 && defaults.excluding.isEmpty)
    }

    @Test func aServedPullAnswerIsTheCanonicalPullResponse() throws {
        let events = (1...3).map { seq in
            Event(
                channel: .region, origin: origin, seq: Int64(seq), previous: .zero, hlc: HLC(rawValue: Int64(seq) << 16)!,
                municipality: MunicipalityCode(287)!, stream: StreamID("note/\(seq)")!, type: EventType("test.note")!,
                schemaVersion: 1, author: Author("Åsa \"A\"")!, parents: seq == 3 ? [.zero] : [],
                payload: ["text": .string("rad \(seq)\nä"), "n": .number(JSONNumber(seq))])
        }
        var vector = VersionVector()
        vector[ChainKey(channel: .region, origin: origin)] = ChainHead(seq: 3, hash: events[2].hash)
        let head: JSONValue = ["channel": "region", "origin": .string(origin.description), "seq": 3, "hash": "ab"]
        for (served, heads, forks, hasMore) in [
            (events, [head], ["fork at x"], true), ([], [], [], false), (Array(events.prefix(1)), [], [], false),
        ] as [([Event], [JSONValue], [String], Bool)] {
            let answer = PullAnswer(events: served.map(WireEvent.init), hasMore: hasMore, vector: vector, forks: forks, heads: heads)
            let response = PullResponse(events: served.map(\.wireObject), hasMore: hasMore, vector: vector, forks: forks, heads: heads)
            #expect(answer.encoded == CanonicalJSON.encode(response.jsonValue))
            let parsed = try PullResponse(json: JSONParser.parse(answer.encoded))
            #expect(try parsed.events.map { try Event(wire: $0) } == served)
            // As a puller reads it: straight from the bytes, the events only as envelopes.
            let page = try PullResponse(page: answer.encoded)
            #expect(page.events.isEmpty && page.eventCount == served.count)
            #expect(try page.envelopes.map { try Event(envelope: $0) } == served)
            #expect(page.hasMore == hasMore && page.vector == vector && page.forks == forks && page.heads == heads)
        }
    }

    @Test func aPageReadFromBytesRefusesWhatTheTreeRefuses() throws {
        func messageError(_ text: String) -> EnvelopeError? {
            do {
                _ = try PullResponse(page: Array(text.utf8))
                return nil
            } catch {
                guard case .message(let problem) = error else { return nil }
                return problem
            }
        }
        #expect(messageError(#"{"events":{},"vector":{}}"#)?.field == "events")
        #expect(messageError(#"{"events":[]}"#)?.field == "vector")
        let tooMany = "{\"events\":[" + Array(repeating: "1", count: PullRequest.maximumEvents + 1).joined(separator: ",")
            + "],\"vector\":{}}"
        #expect(messageError(tooMany)?.field == "events")
        #expect(throws: PullResponse.PageError.self) { try PullResponse(page: Array(#"{"events":[1,]}"#.utf8)) }
        let malformed = try PullResponse(page: Array(#"{"events":[{"channel":"region","origin":"a.1"}],"vector":{}}"#.utf8))
        let offered = malformed.envelopes.map { OfferedEvent(envelope: $0, validator: AcceptAnyContent()) }
        #expect(offered.first?.chain == ChainKey(channel: .region, origin: Origin("a.1")!))
        guard case .failure(let error)? = offered.first?.decoded else { Issue.record("accepted"); return }
        #expect(error.field == "v")
    }

    @Test func pushOutcomesTellWhatIsHeld() throws {
        let outcomes: [IngestOutcome] = [.appended, .duplicate, .appendedFlagged("unknown event type"), .refused(.badHash)]
        let response = PushResponse(outcomes: outcomes.map(PushOutcome.init), vector: VersionVector())
        let parsed = try PushResponse(json: JSONParser.parse(CanonicalJSON.encode(response.jsonValue)))
        #expect(parsed.outcomes.map(\.isHeld) == [true, true, true, false])
        #expect(parsed.outcomes[3].reason.contains("hash"))
    }

    @Test func sharedChannelsKeepCaseDataWithinTheMunicipality() {
        let krs = PeerIdentity(origin: origin, municipality: MunicipalityCode(287)!)
        let krsLaptop = PeerIdentity(origin: Origin("krs-laptop.1")!, municipality: MunicipalityCode(287)!)
        let nrp = PeerIdentity(origin: Origin("nrp-server.1")!, municipality: MunicipalityCode(545)!)
        #expect(krs.sharedChannels(with: nrp) == [.region])
        #expect(krs.sharedChannels(with: krsLaptop) == [.region, .municipality(MunicipalityCode(287)!)])
    }

    @Test func backoffGrowsIsCappedAndJittered() {
        let backoff = Backoff(baseMillis: 500, capMillis: 30_000)
        var random = SystemRandomNumberGenerator()
        #expect(backoff.delayMillis(afterFailures: 0, using: &random) == 0)
        for _ in 0..<50 {
            let first = backoff.delayMillis(afterFailures: 1, using: &random)
            #expect((250..<500).contains(first))
            let fourth = backoff.delayMillis(afterFailures: 4, using: &random)
            #expect((2_000..<4_000).contains(fourth))
            let late = backoff.delayMillis(afterFailures: 40, using: &random)
            #expect((15_000..<30_000).contains(late))
        }
    }
}

/// The vector a puller expects to hold after a page: the basis of the page it asks for ahead.
@Suite struct PrefetchVectorTests {
    let krs = ChainKey(channel: .region, origin: Origin("krs-server.1")!)
    let nrp = ChainKey(channel: .region, origin: Origin("nrp-server.2")!)

    /// An event of `key` at `seq` as a puller has read it; `hash` replaces the wire form's hash text.
    func wire(_ key: ChainKey, _ seq: Int64, hash: String? = nil) -> OfferedEvent {
        let event = Event(
            channel: key.channel, origin: key.origin, seq: seq, previous: .zero, hlc: HLC(rawValue: seq << 16)!,
            municipality: MunicipalityCode(287)!, stream: StreamID("note/\(seq)")!, type: EventType("test.note")!,
            schemaVersion: 1, author: Author("a")!, parents: [], payload: ["n": .number(JSONNumber(seq))])
        var object = event.wireObject.objectValue!
        if let hash { object["hash"] = .string(hash) }
        return OfferedEvent(wire: .object(object), validator: AcceptAnyContent())
    }

    func hash(_ key: ChainKey, _ seq: Int64) -> EventHash { try! wire(key, seq).decoded.get().hash }

    @Test func aContiguousPageMovesEachChainToItsLastEvent() throws {
        var start = VersionVector()
        start[krs] = ChainHead(seq: 2, hash: EventHash.sha256(Array("k2".utf8)))
        let page = [wire(krs, 3), wire(krs, 4), wire(nrp, 1), wire(nrp, 2), wire(nrp, 3)]
        let advanced = try #require(PeerSync.vector(start, advancedBy: page))
        #expect(advanced[krs] == ChainHead(seq: 4, hash: hash(krs, 4)))
        #expect(advanced[nrp] == ChainHead(seq: 3, hash: hash(nrp, 3)))
        #expect(advanced.heads.count == 2)
        // Chains taking turns: each keeps what it reached when the page comes back to it.
        let turns = try #require(PeerSync.vector(start, advancedBy: [wire(krs, 3), wire(nrp, 1), wire(krs, 4), wire(nrp, 2)]))
        #expect(turns[krs] == ChainHead(seq: 4, hash: hash(krs, 4)))
        #expect(turns[nrp] == ChainHead(seq: 2, hash: hash(nrp, 2)))
        #expect(PeerSync.vector(start, advancedBy: [wire(krs, 3), wire(nrp, 1), wire(krs, 3)]) == nil)
    }

    @Test func aPageThatIsNoContinuationGivesNoGuess() {
        var start = VersionVector()
        start[krs] = ChainHead(seq: 2, hash: EventHash.sha256(Array("k2".utf8)))
        #expect(PeerSync.vector(start, advancedBy: [wire(krs, 4)]) == nil)  // a gap
        #expect(PeerSync.vector(start, advancedBy: [wire(krs, 2)]) == nil)  // held already
        #expect(PeerSync.vector(start, advancedBy: [wire(krs, 3, hash: "not hex")]) == nil)
        #expect(PeerSync.vector(start, advancedBy: [OfferedEvent(wire: ["seq": 3], validator: AcceptAnyContent())]) == nil)
    }
}
