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
        }
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

    func wire(_ key: ChainKey, _ seq: Int64, hash: String? = nil) -> JSONValue {
        [
            "channel": .string(key.channel.description), "origin": .string(key.origin.description),
            "seq": .number(JSONNumber(seq)), "hash": .string(hash ?? EventHash.sha256(Array("\(key)\(seq)".utf8)).hex),
        ]
    }

    @Test func aContiguousPageMovesEachChainToItsLastEvent() throws {
        var start = VersionVector()
        start[krs] = ChainHead(seq: 2, hash: EventHash.sha256(Array("k2".utf8)))
        let page = [wire(krs, 3), wire(krs, 4), wire(nrp, 1), wire(nrp, 2), wire(nrp, 3)]
        let advanced = try #require(PeerSync.vector(start, advancedBy: page))
        #expect(advanced[krs] == ChainHead(seq: 4, hash: EventHash.sha256(Array("\(krs)4".utf8))))
        #expect(advanced[nrp] == ChainHead(seq: 3, hash: EventHash.sha256(Array("\(nrp)3".utf8))))
        #expect(advanced.heads.count == 2)
    }

    @Test func aPageThatIsNoContinuationGivesNoGuess() {
        var start = VersionVector()
        start[krs] = ChainHead(seq: 2, hash: EventHash.sha256(Array("k2".utf8)))
        #expect(PeerSync.vector(start, advancedBy: [wire(krs, 4)]) == nil)  // a gap
        #expect(PeerSync.vector(start, advancedBy: [wire(krs, 2)]) == nil)  // held already
        #expect(PeerSync.vector(start, advancedBy: [wire(krs, 3, hash: "not hex")]) == nil)
        #expect(PeerSync.vector(start, advancedBy: [["seq": 3]]) == nil)
    }
}
