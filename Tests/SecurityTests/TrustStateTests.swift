import EventModel
import Security
import Testing

@Suite struct TrustStateTests {
    @Test func genesisIdIsIndependentOfMemberOrderAndRoundTrips() throws {
        let region = try TestRegion()
        let reversed = try RegionGenesis(name: region.genesis.name, members: region.genesis.members.reversed())
        #expect(reversed.id == region.id)
        let parsed = try RegionGenesis(json: try JSONParser.parse(region.genesis.fileBytes))
        #expect(parsed == region.genesis)
        #expect(parsed.id == region.id)
        let other = try TestRegion()
        #expect(other.id != region.id)
    }

    @Test func enrolledOriginMayWriteItsChannelsOnly() throws {
        let region = try TestRegion()
        var trust = TrustState(genesis: region.genesis)
        let (key, enrolment) = try region.enrol("krs-server.1", 287)
        let outcome = trust.apply(enrolment)
        #expect(outcome == .applied)
        #expect(trust.authorize(origin: "krs-server.1".origin, key: key.publicKey, channel: .region, seq: 1).isAllowed)
        #expect(
            trust.authorize(origin: "krs-server.1".origin, channel: .municipality(287.municipality), seq: 9).isAllowed)
        #expect(
            trust.authorize(origin: "krs-server.1".origin, channel: .municipality(231.municipality), seq: 1)
                == .refused(
                    .channelNotAllowed(
                        origin: "krs-server.1".origin, municipality: 287.municipality,
                        channel: .municipality(231.municipality))))
        #expect(
            trust.authorize(origin: "krs-server.2".origin, channel: .region, seq: 1)
                == .refused(.unknownOrigin("krs-server.2".origin)))
        let stranger = try SigningKey()
        #expect(
            trust.authorize(origin: "krs-server.1".origin, key: stranger.publicKey, channel: .region, seq: 1)
                == .refused(.keyMismatch("krs-server.1".origin)))
    }

    @Test func enrolmentSignedByAnotherMunicipalityOrRegionIsIgnored() throws {
        let region = try TestRegion()
        var trust = TrustState(genesis: region.genesis)
        let node = try SigningKey()
        // Kaskö's root tries to enrol a node for Kristinestad.
        let forged = Enrolment.make(
            region: region.id, origin: "krs-evil.1".origin, municipality: 287.municipality, key: node.publicKey,
            rootKey: region.roots[231.municipality]!)
        guard case .ignored = trust.apply(forged) else { Issue.record("forged enrolment applied"); return }
        let otherRegion = try TestRegion()
        let (_, foreign) = try otherRegion.enrol("krs-server.1", 287)
        guard case .ignored = trust.apply(foreign) else { Issue.record("foreign enrolment applied"); return }
        #expect(trust.key(of: "krs-evil.1".origin) == nil)
        #expect(trust.enrolledOrigins.isEmpty)
    }

    @Test func revocationTakesEffectFromItsPosition() throws {
        let region = try TestRegion()
        var trust = TrustState(genesis: region.genesis)
        let (_, enrolment) = try region.enrol("krs-laptop.1", 287)
        trust.apply(enrolment)
        trust.apply(region.revoke("krs-laptop.1", 287, through: [.region: 40]))
        let origin = "krs-laptop.1".origin
        #expect(trust.authorize(origin: origin, channel: .region, seq: 40).isAllowed)
        #expect(
            trust.authorize(origin: origin, channel: .region, seq: 41)
                == .refused(.revoked(origin, channel: .region, lastValid: 40)))
        #expect(
            trust.authorize(origin: origin, channel: .municipality(287.municipality), seq: 1)
                == .refused(.revoked(origin, channel: .municipality(287.municipality), lastValid: 0)))
        #expect(trust.readableChannels(of: origin).isEmpty)
        // A revocation by another municipality's root does not apply.
        var other = TrustState(genesis: region.genesis)
        other.apply(enrolment)
        other.apply(region.revoke("krs-laptop.1", 231, through: [:]))
        #expect(other.authorize(origin: origin, channel: .region, seq: 100).isAllowed)
    }

    @Test func foldIsOrderIndependent() throws {
        let region = try TestRegion()
        let (_, a) = try region.enrol("krs-server.1", 287)
        let (_, b) = try region.enrol("kas-server.1", 231)
        let (_, c) = try region.enrol("krs-laptop.1", 287)
        let (_, clash) = try region.enrol("krs-laptop.1", 287)  // same origin, another key
        let statements: [Event] = [
            trustEvent(TrustCatalog.nodeEnrolled, a.payload, seq: 1),
            trustEvent(TrustCatalog.nodeEnrolled, b.payload, seq: 2),
            trustEvent(TrustCatalog.nodeEnrolled, c.payload, seq: 3),
            trustEvent(
                TrustCatalog.nodeRevoked, region.revoke("krs-server.1", 287, through: [.region: 9]).payload, seq: 4),
            trustEvent(
                TrustCatalog.nodeRevoked,
                region.revoke("krs-server.1", 287, through: [.region: 5, .municipality(287.municipality): 3]).payload,
                seq: 5),
            trustEvent(TrustCatalog.nodeEnrolled, clash.payload, seq: 6),
        ]
        var reference = TrustState(genesis: region.genesis)
        for event in statements { reference.apply(event) }
        #expect(reference.standing(of: "krs-laptop.1".origin) == .conflicting)
        // The strictest of two revocations wins, whatever their order.
        #expect(reference.authorize(origin: "krs-server.1".origin, channel: .region, seq: 6).isAllowed == false)
        #expect(reference.authorize(origin: "krs-server.1".origin, channel: .region, seq: 5).isAllowed)
        for _ in 0..<20 {
            var shuffled = TrustState(genesis: region.genesis)
            for event in statements.shuffled() + statements.shuffled() { shuffled.apply(event) }
            #expect(shuffled == reference)
        }
    }

    @Test func trustCatalogAcceptsSignedPayloads() throws {
        let region = try TestRegion()
        let (_, enrolment) = try region.enrol("krs-laptop.1", 287)
        let event = trustEvent(TrustCatalog.nodeEnrolled, enrolment.payload, seq: 1)
        #expect(TrustCatalog.catalog.verdict(for: event.content) == .valid)
        let revocation = trustEvent(
            TrustCatalog.nodeRevoked, region.revoke("krs-laptop.1", 287, through: [.region: 3]).payload, seq: 2)
        #expect(TrustCatalog.catalog.verdict(for: revocation.content) == .valid)
    }

    func trustEvent(_ type: EventType, _ payload: JSONValue, seq: Int64) -> Event {
        let origin = Origin(payload["origin"]!.stringValue!)!
        return Event(
            channel: .region, origin: "krs-server.1".origin, seq: seq, previous: .zero,
            hlc: HLC(wallMillis: 1, counter: 0),
            municipality: 287.municipality, stream: TrustCatalog.stream(for: origin), type: type, schemaVersion: 1,
            author: Author("admin")!, parents: [], payload: payload)
    }
}
