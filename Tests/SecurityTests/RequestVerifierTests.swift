import EventModel
import Security
import Testing

@Suite struct RequestVerifierTests {
    let region: TestRegion
    let key: SigningKey
    let trust: TrustState
    let now: Int64 = 1_764_000_000_000
    let body = Array(#"{"vector":{}}"#.utf8)

    init() throws {
        region = try TestRegion()
        let (key, enrolment) = try region.enrol("kas-server.1", 231)
        self.key = key
        var trust = TrustState(genesis: region.genesis)
        trust.apply(enrolment)
        self.trust = trust
    }

    func header(at time: Int64? = nil, origin: String = "kas-server.1", signer: SigningKey? = nil, nonce: String? = nil)
        -> String
    {
        let signature = RequestSignature.sign(
            method: "POST", path: "/v1/pull", body: body, origin: origin.origin, region: region.id, key: signer ?? key,
            nowMillis: time ?? now, nonce: nonce ?? Hex.encode(SecureRandom.bytes(16)))
        return signature.headerValue
    }

    @Test func signedRequestIsAcceptedOnceThenReplayIsRefused() {
        var verifier = RequestVerifier(trust: trust)
        let signed = header()
        let first = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: signed, nowMillis: now + 1_000)
        #expect(first == .accepted(AuthenticatedCaller(origin: "kas-server.1".origin, municipality: 231.municipality)))
        let replay = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: signed, nowMillis: now + 2_000)
        #expect(replay.statusCode == 401)
        #expect(replay.reason?.contains("replayed") == true)
    }

    @Test func missingMalformedOrTamperedRequestsAre401() {
        var verifier = RequestVerifier(trust: trust)
        #expect(
            verifier.authenticate(method: "POST", path: "/v1/pull", body: body, header: nil, nowMillis: now).statusCode
                == 401)
        #expect(
            verifier.authenticate(method: "POST", path: "/v1/pull", body: body, header: "v1 origin=x", nowMillis: now)
                .statusCode == 401)
        let tamperedBody = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body + [0x20], header: header(), nowMillis: now)
        #expect(tamperedBody == .unauthorized("bad request signature from kas-server.1"))
        let otherPath = verifier.authenticate(
            method: "POST", path: "/v1/push", body: body, header: header(), nowMillis: now)
        #expect(otherPath.statusCode == 401)
        let forged = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: header(signer: try! SigningKey()), nowMillis: now)
        #expect(forged == .unauthorized("bad request signature from kas-server.1"))
    }

    @Test func unknownAndRevokedCallersAre401() {
        var verifier = RequestVerifier(trust: trust)
        let unknown = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: header(origin: "mlx-server.1"), nowMillis: now)
        #expect(unknown == .unauthorized("unknown caller mlx-server.1: no valid enrolment names it"))
        verifier.trust.apply(region.revoke("kas-server.1", 231, through: [.region: 10]))
        let revoked = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: header(), nowMillis: now)
        #expect(revoked == .unauthorized("caller kas-server.1 is revoked"))
    }

    @Test func clockSkewIsRefusedSayingHowFarOff() {
        var verifier = RequestVerifier(trust: trust)
        let ahead = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: header(at: now + 3 * 3_600_000 + 12 * 60_000),
            nowMillis: now)
        #expect(ahead.statusCode == 401)
        #expect(
            ahead.reason?.contains("the caller's clock is 3 h 12 min ahead of this node's (allowed ±5 min)") == true)
        let behind = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: header(at: now - 301_000), nowMillis: now)
        #expect(behind.reason?.contains("5 min 1 s behind") == true)
        let within = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: header(at: now - 299_000), nowMillis: now)
        #expect(within.statusCode == 200)
    }

    @Test func anotherRegionIs401() throws {
        let other = try TestRegion()
        var verifier = RequestVerifier(trust: TrustState(genesis: other.genesis))
        let decision = verifier.authenticate(
            method: "POST", path: "/v1/pull", body: body, header: header(), nowMillis: now)
        #expect(decision.statusCode == 401)
        #expect(decision.reason?.contains("region") == true)
    }

    @Test func channelAuthorizationIs403() {
        let caller = AuthenticatedCaller(origin: "kas-server.1".origin, municipality: 231.municipality)
        #expect(caller.authorizeRead([.region, .municipality(231.municipality)]).statusCode == 200)
        let read = caller.authorizeRead([.region, .municipality(287.municipality)])
        #expect(read == .forbidden("kas-server.1 of municipality 231 may not read municipality/287"))
        #expect(caller.authorizeWrite(.municipality(545.municipality)).statusCode == 403)
        #expect(caller.authorizeWrite(.region).statusCode == 200)
    }

    @Test func nonceCacheStaysBoundedAndNeverForgetsSilently() {
        var cache = NonceCache(capacity: 3)
        #expect(cache.admit(origin: "a.1", nonce: "n1", timestamp: 10, expiredBefore: 0) == .fresh)
        #expect(cache.admit(origin: "a.1", nonce: "n2", timestamp: 11, expiredBefore: 0) == .fresh)
        #expect(cache.admit(origin: "a.1", nonce: "n3", timestamp: 12, expiredBefore: 0) == .fresh)
        #expect(cache.admit(origin: "a.1", nonce: "n4", timestamp: 13, expiredBefore: 0) == .fresh)
        #expect(cache.count == 3)
        // n1 was dropped; its replay is refused as too old, not accepted.
        #expect(cache.admit(origin: "a.1", nonce: "n1", timestamp: 10, expiredBefore: 0) == .tooOld)
        #expect(cache.admit(origin: "a.1", nonce: "n3", timestamp: 12, expiredBefore: 0) == .replayed)
        #expect(cache.admit(origin: "b.1", nonce: "n3", timestamp: 14, expiredBefore: 0) == .fresh)
    }
}
