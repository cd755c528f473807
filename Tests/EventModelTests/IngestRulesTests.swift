import Testing

@testable import EventModel

/// Every ingest outcome on pure values, without SQLite.
@Suite struct IngestRulesTests {
    let chain = TestEvents.chain(3)
    let context = IngestRules.Context(physicalMillis: 10_000, maximumDriftMillis: 600_000)

    func decide(
        _ event: Event, heldUpTo held: Int, forkedAt: Int64? = nil, context: IngestRules.Context? = nil,
        verdict: ContentVerdict = .valid
    ) -> IngestOutcome {
        let head = held == 0 ? ChainHead.empty : ChainHead(seq: Int64(held), hash: chain[held - 1].hash)
        return IngestRules.decide(
            event, state: IngestRules.ChainState(head: head, forkedAt: forkedAt), context: context ?? self.context,
            storedHash: { seq in seq <= held ? chain[Int(seq) - 1].hash : nil }, verdict: { verdict })
    }

    @Test func nextInChainIsAppended() {
        #expect(decide(chain[0], heldUpTo: 0) == .appended)
        #expect(decide(chain[2], heldUpTo: 2) == .appended)
    }

    @Test func sameEventAgainIsADuplicate() {
        #expect(decide(chain[1], heldUpTo: 3) == .duplicate)
    }

    @Test func differentEventAtAHeldPlaceIsAFork() {
        let other = TestEvents.make(seq: 2, previous: chain[0].hash, payload: ["text": "another story"])
        #expect(decide(other, heldUpTo: 3) == .fork(kept: chain[1].hash))
    }

    @Test func skippingAheadIsAGap() {
        #expect(decide(chain[2], heldUpTo: 1) == .refused(.gap(held: 1)))
    }

    @Test func alteredContentIsABadHash() {
        let altered = Event(
            channel: chain[1].channel, origin: chain[1].origin, seq: 2, previous: chain[1].previous, hlc: chain[1].hlc,
            municipality: chain[1].municipality, stream: chain[1].stream, type: chain[1].type, schemaVersion: 1,
            author: chain[1].author, parents: [], payload: ["text": "altered on the way"], hash: chain[1].hash)
        #expect(decide(altered, heldUpTo: 1) == .refused(.badHash))
    }

    @Test func wrongPreviousIsABrokenChain() {
        let unlinked = TestEvents.make(seq: 2, previous: EventHash.sha256(Array("elsewhere".utf8)))
        guard case .refused(.brokenChain) = decide(unlinked, heldUpTo: 1) else {
            Issue.record("expected a broken chain")
            return
        }
    }

    @Test func unusableContentIsStoredFlaggedNotRefused() {
        #expect(decide(chain[0], heldUpTo: 0, verdict: .unknownType) == .appendedFlagged("unknown event type"))
        let invalid = ContentVerdict.invalid(EnvelopeError(field: "payload.year", reason: "must be a year"))
        #expect(decide(chain[0], heldUpTo: 0, verdict: invalid) == .appendedFlagged("field 'payload.year': must be a year"))
    }

    @Test func farFutureClockIsDeferredNamingTheDrift() {
        let future = TestEvents.make(seq: 1, hlcMillis: 10_000 + 600_001)
        #expect(decide(future, heldUpTo: 0) == .deferred(aheadMillis: 600_001))
        let later = IngestRules.Context(physicalMillis: 10_001, maximumDriftMillis: 600_000)
        #expect(decide(future, heldUpTo: 0, context: later) == .appended)
    }

    @Test func aForkedOriginIsRefusedButDuplicatesAreStillRecognised() {
        #expect(decide(chain[2], heldUpTo: 2, forkedAt: 2) == .refused(.originForked(at: 2)))
        #expect(decide(chain[0], heldUpTo: 2, forkedAt: 2) == .duplicate)
    }

    @Test func channelRulesAreEnforced() {
        let foreignCase = TestEvents.make(seq: 1, channel: .municipality(MunicipalityCode(545)!), municipality: 287)
        guard case .refused(.channelNotAllowed) = decide(foreignCase, heldUpTo: 0) else {
            Issue.record("a Kristinestad origin may not write Närpes case data")
            return
        }
        let ownCase = TestEvents.make(seq: 1, channel: .municipality(MunicipalityCode(287)!), municipality: 287)
        let regionOnly = IngestRules.Context(physicalMillis: 10_000, readableChannels: [.region])
        guard case .refused(.channelNotAllowed) = decide(ownCase, heldUpTo: 0, context: regionOnly) else {
            Issue.record("a node of another municipality may not hold this channel")
            return
        }
    }

    @Test func nobodyElseExtendsThisNodesOwnChain() {
        let own = IngestRules.Context(physicalMillis: 10_000, ownOrigin: TestEvents.origin)
        guard case .refused(.brokenChain) = decide(chain[1], heldUpTo: 1, context: own) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(decide(chain[0], heldUpTo: 1, context: own) == .duplicate)
    }
}
