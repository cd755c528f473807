import EventModel
import Security
import Testing

/// A head's signature checked ahead (`CheckedSignatures`) spares the verifier the check only for the very head, key
/// and region it held under: the verdicts are those of a verifier that checks every signature itself.
@Suite struct CheckedSignaturesTests {
    let region: TestRegion
    let key: SigningKey
    let trust: TrustState
    let chain = ChainKey(channel: .region, origin: "krs-server.1".origin)
    let events = makeChain("krs-server.1", count: 6)

    init() throws {
        region = try TestRegion()
        let (key, enrolment) = try region.enrol("krs-server.1", 287)
        self.key = key
        var trust = TrustState(genesis: region.genesis)
        trust.apply(enrolment)
        self.trust = trust
    }

    func head(_ event: Event, signer: SigningKey, in region: RegionID) -> SignedHead {
        SignedHead.sign(ChainHead(seq: event.seq, hash: event.hash), of: chain, region: region, key: signer)
    }

    func verify(_ heads: [SignedHead], checked: CheckedSignatures) -> HeadVerification {
        HeadVerifier(trust: trust, checked: checked).verify(chain: chain, held: .empty, events: events, heads: heads)
    }

    @Test func aHeadCheckedUnderTheEnrolledKeyIsAcceptedAsIfCheckedAgain() {
        let signed = head(events[5], signer: key, in: region.id)
        var checked = CheckedSignatures()
        let holds = checked.check(signed, key: key.publicKey, region: region.id)
        #expect(holds)
        #expect(checked.count == 1)
        #expect(verify([signed], checked: checked) == verify([signed], checked: CheckedSignatures()))
        #expect(verify([signed], checked: checked).acceptedThrough == 6)
    }

    @Test func aForgedSignatureIsNeverRemembered() {
        let forged = head(events[5], signer: try! SigningKey(), in: region.id)
        var checked = CheckedSignatures()
        let holds = checked.check(forged, key: key.publicKey, region: region.id)
        #expect(!holds)
        #expect(checked.count == 0)
        #expect(verify([forged], checked: checked).refusal == HeadRefusal(seq: 1, reason: .badSignature(headSeq: 6)))
    }

    @Test func aHeadCheckedUnderAnotherKeyOrRegionIsCheckedAgain() throws {
        // Both hold where they were checked: a forger's own key, and the node's key in another region.
        let forger = try SigningKey()
        let byForger = head(events[5], signer: forger, in: region.id)
        let elsewhere = try TestRegion()
        let inOtherRegion = head(events[5], signer: key, in: elsewhere.id)
        var checked = CheckedSignatures()
        let holdForForger = checked.check(byForger, key: forger.publicKey, region: region.id)
        let holdsElsewhere = checked.check(inOtherRegion, key: key.publicKey, region: elsewhere.id)
        #expect(holdForForger && holdsElsewhere)
        #expect(checked.count == 2)
        for signed in [byForger, inOtherRegion] {
            #expect(checked.isSigned(signed, by: forger.publicKey, region: region.id) == (signed == byForger))
            #expect(!checked.isSigned(signed, by: key.publicKey, region: region.id))
            #expect(verify([signed], checked: checked).refusal == HeadRefusal(seq: 1, reason: .badSignature(headSeq: 6)))
        }
    }
}
