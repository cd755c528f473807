import EventModel
import Security
import Testing

@Suite struct HeadVerifierTests {
    let region: TestRegion
    let key: SigningKey
    let trust: TrustState
    let chain = ChainKey(channel: .region, origin: "krs-server.1".origin)

    init() throws {
        region = try TestRegion()
        let (key, enrolment) = try region.enrol("krs-server.1", 287)
        self.key = key
        var trust = TrustState(genesis: region.genesis)
        trust.apply(enrolment)
        self.trust = trust
    }

    func head(_ event: Event, signer: SigningKey? = nil) -> SignedHead {
        SignedHead.sign(ChainHead(seq: event.seq, hash: event.hash), of: chain, region: region.id, key: signer ?? key)
    }

    @Test func acceptsUpToTheLastVerifiedHead() {
        let events = makeChain("krs-server.1", count: 10)
        let result = HeadVerifier(trust: trust).verify(
            chain: chain, held: .empty, events: events, heads: [head(events[3]), head(events[7])])
        #expect(result.acceptedThrough == 8)
        #expect(result.verifiedHead == head(events[7]))
        #expect(result.refusal == nil)
        #expect(result.awaitingHead == 2)
    }

    @Test func badSignatureIsRefused() {
        let events = makeChain("krs-server.1", count: 4)
        let forger = try! SigningKey()
        let result = HeadVerifier(trust: trust).verify(
            chain: chain, held: .empty, events: events, heads: [head(events[3], signer: forger)])
        #expect(result.acceptedThrough == 0)
        #expect(result.refusal == HeadRefusal(seq: 1, reason: .badSignature(headSeq: 4)))
    }

    @Test func alteredPayloadIsRefusedAsHashMismatch() {
        var events = makeChain("krs-server.1", count: 6)
        let original = events[4]
        // A relay edits the payload but keeps the claimed hash.
        events[4] = Event(
            channel: original.channel, origin: original.origin, seq: original.seq, previous: original.previous,
            hlc: original.hlc, municipality: original.municipality, stream: original.stream, type: original.type,
            schemaVersion: 1, author: original.author, parents: [], payload: ["text": "changed"], hash: original.hash)
        let result = HeadVerifier(trust: trust).verify(
            chain: chain, held: .empty, events: events, heads: [head(events[2]), head(events[5])])
        #expect(result.acceptedThrough == 3)
        #expect(result.refusal == HeadRefusal(seq: 5, reason: .hashMismatch))
    }

    /// A secured node passes the hash verdicts its offered events already hold, and the verifier goes by them.
    @Test func hashVerdictsFoundBeforehandAreUsed() {
        let events = makeChain("krs-server.1", count: 6)
        let heads = [head(events[2]), head(events[5])]
        var verdicts = events.map(\.hasValidHash)
        let sound = HeadVerifier(trust: trust).verify(
            chain: chain, held: .empty, events: events, heads: heads, validHashes: verdicts)
        #expect(sound.acceptedThrough == 6)
        #expect(sound.refusal == nil)
        verdicts[4] = false
        let result = HeadVerifier(trust: trust).verify(
            chain: chain, held: .empty, events: events, heads: heads, validHashes: verdicts)
        #expect(result.acceptedThrough == 3)
        #expect(result.refusal == HeadRefusal(seq: 5, reason: .hashMismatch))
    }

    @Test func alteredPayloadWithRecomputedHashBreaksTheSignedHead() {
        var events = makeChain("krs-server.1", count: 3)
        let signed = head(events[2])
        let original = events[2]
        events[2] = Event(
            channel: original.channel, origin: original.origin, seq: original.seq, previous: original.previous,
            hlc: original.hlc, municipality: original.municipality, stream: original.stream, type: original.type,
            schemaVersion: 1, author: original.author, parents: [], payload: ["text": "changed"])
        let result = HeadVerifier(trust: trust).verify(chain: chain, held: .empty, events: events, heads: [signed])
        #expect(result.acceptedThrough == 0)
        #expect(result.refusal == HeadRefusal(seq: 1, reason: .headMismatch(headSeq: 3)))
    }

    @Test func unknownOriginIsRefused() {
        let stranger = ChainKey(channel: .region, origin: "nrp-server.1".origin)
        let events = makeChain("nrp-server.1", municipality: 545, count: 2)
        let result = HeadVerifier(trust: trust).verify(chain: stranger, held: .empty, events: events, heads: [])
        #expect(result.refusal == HeadRefusal(seq: 1, reason: .untrusted(.unknownOrigin("nrp-server.1".origin))))
    }

    @Test func revokedFromAPositionIsRefusedThere() {
        var revoked = trust
        revoked.apply(region.revoke("krs-server.1", 287, through: [.region: 5]))
        let events = makeChain("krs-server.1", count: 8)
        let result = HeadVerifier(trust: revoked).verify(
            chain: chain, held: .empty, events: events, heads: [head(events[4]), head(events[7])])
        #expect(result.acceptedThrough == 5)
        #expect(
            result.refusal
                == HeadRefusal(
                    seq: 6, reason: .untrusted(.revoked("krs-server.1".origin, channel: .region, lastValid: 5))))
    }

    @Test func municipalityClaimMustMatchTheEnrolment() {
        let events = makeChain("krs-server.1", municipality: 231, count: 2)
        let result = HeadVerifier(trust: trust).verify(
            chain: chain, held: .empty, events: events, heads: [head(events[1])])
        #expect(
            result.refusal
                == HeadRefusal(
                    seq: 1, reason: .municipalityMismatch(claimed: 231.municipality, enrolled: 287.municipality)))
    }

    @Test func continuesAfterTheHeldHead() {
        let events = makeChain("krs-server.1", count: 6)
        let held = ChainHead(seq: 3, hash: events[2].hash)
        let result = HeadVerifier(trust: trust).verify(
            chain: chain, held: held, events: Array(events[3...]), heads: [head(events[5])])
        #expect(result.acceptedThrough == 6)
        let broken = HeadVerifier(trust: trust).verify(
            chain: chain, held: ChainHead(seq: 3, hash: events[0].hash), events: Array(events[3...]),
            heads: [head(events[5])])
        #expect(broken.refusal == HeadRefusal(seq: 4, reason: .brokenChain))
    }

    @Test func forkProofIsTransferable() throws {
        let one = makeChain("krs-server.1", count: 3)
        let other = makeChain("krs-server.1", count: 3, previous: EventHash.sha256(Array("restored".utf8)))
        let proof = try #require(ForkProof(head(one[2]), head(other[2])))
        #expect(proof.verify(in: trust))
        let parsed = try ForkProof(payload: proof.payload(region: region.id))
        #expect(parsed == proof)
        #expect(parsed.verify(in: trust))
        #expect(
            TrustCatalog.catalog.verdict(
                for: EventContent(
                    channel: .region, municipality: 231.municipality, stream: TrustCatalog.stream(for: chain.origin),
                    type: TrustCatalog.forkProven, schemaVersion: 1, parents: [],
                    payload: proof.payload(region: region.id))) == .valid)
        // Heads of one chain that agree, or a forged second head, prove nothing.
        #expect(ForkProof(head(one[2]), head(one[2])) == nil)
        let forged = try #require(ForkProof(head(one[2]), head(other[2], signer: try SigningKey())))
        #expect(!forged.verify(in: trust))
        // The verifier finds the proof when a received head disagrees with a held one.
        let result = HeadVerifier(trust: trust).verify(
            chain: chain, held: ChainHead(seq: 3, hash: one[2].hash), events: [], heads: [head(other[2])],
            heldHead: { $0 == 3 ? head(one[2]) : nil })
        #expect(result.forkProof == proof)
    }

    @Test func signerPolicySignsLazilyAndAtBounds() {
        var signer = HeadSigner()
        for seq in Int64(1)...255 {
            let sign = signer.recordAppend(chain, seq: seq, bytes: 300)
            #expect(!sign)
        }
        let at256 = signer.recordAppend(chain, seq: 256, bytes: 300)
        #expect(at256)
        signer.recordSigned(chain, seq: 256)
        #expect(!signer.mustSignBeforeServing(chain, headSeq: 256))
        let at257 = signer.recordAppend(chain, seq: 257, bytes: 1000)
        #expect(!at257)
        #expect(signer.mustSignBeforeServing(chain, headSeq: 257))
        let big = signer.recordAppend(chain, seq: 258, bytes: 256 << 10)
        #expect(big)
        #expect(BatchCut.end(after: 0, wanted: 300, headSeqs: [100, 256, 400]) == 256)
        #expect(BatchCut.end(after: 256, wanted: 300, headSeqs: [100, 256, 400]) == 400)
        #expect(BatchCut.end(after: 400, wanted: 500, headSeqs: [100, 256, 400]) == nil)
    }
}
