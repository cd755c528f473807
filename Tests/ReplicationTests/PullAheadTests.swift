import EventModel
import Testing

@testable import Replication

/// A puller asks for the page after the next one from what that page's envelopes claim (`WireEnvelope.chainRuns`),
/// before judging them; the request must be the one it makes once they are judged, or the page is asked twice.
@Suite struct PullAheadTests {
    let chains = [
        ChainKey(channel: .region, origin: Origin("krs-server.1")!),
        ChainKey(channel: .region, origin: Origin("nrp-server.2")!),
        ChainKey(channel: .municipality(MunicipalityCode(287)!), origin: Origin("krs-server.1")!),
    ]

    func event(_ key: ChainKey, _ seq: Int64) -> Event {
        Event(
            channel: key.channel, origin: key.origin, seq: seq, previous: .zero, hlc: HLC(rawValue: seq << 16)!,
            municipality: MunicipalityCode(287)!, stream: StreamID("note/\(seq)")!, type: EventType("test.note")!,
            schemaVersion: 1, author: Author("a")!, parents: [], payload: ["n": .number(JSONNumber(seq))])
    }

    /// The answer carrying `wires`, read from its bytes as a puller reads it.
    func answer(_ wires: [JSONValue]) throws -> PullResponse {
        try PullResponse(page: CanonicalJSON.encode(["events": .array(wires), "hasMore": true, "vector": [:]]))
    }

    @Test func theClaimedRunsAdvanceTheVectorAsTheJudgedEvents() throws {
        var random = SplitMix64(seed: 31)
        var guesses = 0
        for _ in 0..<300 {
            var start = VersionVector()
            var next: [ChainKey: Int64] = [:]
            for key in chains where Bool.random(using: &random) {
                let seq = Int64.random(in: 1...5, using: &random)
                start[key] = ChainHead(seq: seq, hash: EventHash.sha256(Array("\(key)\(seq)".utf8)))
                next[key] = seq + 1
            }
            var wires: [JSONValue] = []
            for _ in 0..<Int.random(in: 1...10, using: &random) {
                let key = chains.randomElement(using: &random)!
                var seq = next[key, default: 1]
                switch Int.random(in: 0..<20, using: &random) {
                case 0: seq += 1  // a gap
                case 1: seq -= 1  // held already, or repeated
                default: break
                }
                next[key] = seq + 1
                var object = event(key, seq).wireObject.objectValue!
                if Int.random(in: 0..<30, using: &random) == 0 { object["hash"] = "not hex" }
                if Int.random(in: 0..<30, using: &random) == 0 { object["origin"] = "Bad" }
                wires.append(.object(object))
            }
            var response = try answer(wires)
            let runs = response.chainRuns
            let claimed = runs.flatMap { PeerSync.vector(start, advancedBy: $0) }
            let offered = OfferedEvent.judging(response.takeEnvelopes(), validator: AcceptAnyContent())
            let judged = PeerSync.vector(start, advancedBy: offered)
            // Whenever the judged events give a next request, the claims gave the same one first.
            if let judged {
                #expect(claimed == judged)
                guesses += 1
            }
        }
        #expect(guesses > 100)
    }

    @Test func aRunIsCutWhereTheChainChanges() throws {
        let (krs, nrp) = (chains[0], chains[1])
        let response = try answer([event(krs, 1), event(krs, 2), event(nrp, 3), event(krs, 3)].map(\.wireObject))
        let runs = try #require(response.chainRuns)
        #expect(runs.map(\.chain) == [krs, nrp, krs])
        #expect(runs.map(\.first) == [1, 3, 3])
        #expect(runs.map(\.last) == [2, 3, 3])
        #expect(runs[0].hash == event(krs, 2).hash)
        // A gap inside a run, or a seq that cannot be read, gives no runs.
        #expect(try answer([event(krs, 1).wireObject, event(krs, 3).wireObject]).chainRuns == nil)
        var object = event(krs, 2).wireObject.objectValue!
        object["seq"] = "two"
        #expect(try answer([event(krs, 1).wireObject, .object(object)]).chainRuns == nil)
    }
}
