import EventModel
import Security
import Testing

// A secured node verifies chains from steps taken off its offered events (`HeadVerifier.Step`), not from copies of
// the events: these check that both ways judge alike, and that a step stands for the event at its own seq. They
// share the enrolled chain of `HeadVerifierTests`.
extension HeadVerifierTests {
    func steps(_ events: [Event]) -> [HeadVerifier.Step] {
        events.map {
            HeadVerifier.Step(
                link: ChainLink(seq: $0.seq, hash: $0.hash, previous: $0.previous, municipality: $0.municipality),
                hasValidHash: $0.hasValidHash, inChain: $0.channel == chain.channel && $0.origin == chain.origin)
        }
    }

    @Test func anEventOfAnotherChainStopsTheChainThere() {
        var events = makeChain("krs-server.1", count: 6)
        events[3] = makeChain("nrp-server.1", municipality: 545, from: 4, count: 1, previous: events[2].hash)[0]
        let result = HeadVerifier(trust: trust).verify(
            chain: chain, held: .empty, events: events, heads: [head(events[2]), head(events[5])])
        #expect(result.acceptedThrough == 3)
        #expect(result.refusal == HeadRefusal(seq: 4, reason: .wrongChain))
    }

    /// A head is compared with the step of its own seq, also when the chain continues a held head.
    @Test func aHeadIsComparedWithTheStepAtItsSeq() {
        let events = makeChain("krs-server.1", count: 9)
        let held = ChainHead(seq: 3, hash: events[2].hash)
        var later = steps(Array(events[3...]))
        // The step of seq 6 claims another hash and the next one names it: the chain links, only the head can tell.
        let other = EventHash.sha256(Array("other".utf8))
        later[2] = HeadVerifier.Step(
            link: ChainLink(seq: 6, hash: other, previous: later[2].link.previous, municipality: 287.municipality),
            hasValidHash: true)
        later[3] = HeadVerifier.Step(
            link: ChainLink(seq: 7, hash: later[3].link.hash, previous: other, municipality: 287.municipality),
            hasValidHash: true)
        let verifier = HeadVerifier(trust: trust)
        let sound = verifier.verify(
            chain: chain, held: held, steps: Array(later[..<2]), heads: [head(events[3]), head(events[4])])
        #expect(sound.acceptedThrough == 5 && sound.refusal == nil)
        let result = verifier.verify(
            chain: chain, held: held, steps: later, heads: [head(events[4]), head(events[5]), head(events[8])])
        #expect(result.acceptedThrough == 5)
        #expect(result.refusal == HeadRefusal(seq: 6, reason: .headMismatch(headSeq: 6)))
    }

    /// Random damage (a gap, a broken link, a bad hash, a wrong municipality, a revocation, forged or misplaced
    /// heads): steps taken from the events are judged as the events are.
    @Test func stepsAreJudgedAsTheirEvents() {
        var random = SplitMix64(seed: 7)
        var revoked = trust
        revoked.apply(region.revoke("krs-server.1", 287, through: [.region: 17]))
        let forger = try! SigningKey()
        for round in 0..<200 {
            let all = makeChain("krs-server.1", count: 24)
            let heldSeq = Int64(random.next() % 4)
            let held = heldSeq == 0 ? ChainHead.empty : ChainHead(seq: heldSeq, hash: all[Int(heldSeq) - 1].hash)
            var events = Array(all[Int(heldSeq)...])
            let spot = Int(random.next() % UInt64(events.count))
            let original = events[spot]
            switch random.next() % 6 {
            case 0: events.remove(at: spot)
            case 1:
                events[spot] = Event(
                    channel: original.channel, origin: original.origin, seq: original.seq,
                    previous: EventHash.sha256(Array("elsewhere".utf8)), hlc: original.hlc,
                    municipality: original.municipality, stream: original.stream, type: original.type,
                    schemaVersion: 1, author: original.author, parents: [], payload: original.payload)
            case 2: events[spot] = original.withHash(EventHash.sha256(Array("claimed".utf8)))
            case 3:
                events[spot] = makeChain(
                    "krs-server.1", municipality: 545, from: original.seq, count: 1, previous: original.previous)[0]
            default: break
            }
            var heads = all.filter { _ in random.next() % 5 == 0 }.map { head($0) }
            if random.next() % 4 == 0 { heads.append(head(all[Int(random.next() % 24)], signer: forger)) }
            let verifier = HeadVerifier(trust: round % 3 == 0 ? revoked : trust)
            let byEvents = verifier.verify(chain: chain, held: held, events: events, heads: heads)
            let bySteps = verifier.verify(chain: chain, held: held, steps: steps(events), heads: heads)
            #expect(byEvents == bySteps, "round \(round)")
        }
    }
}
