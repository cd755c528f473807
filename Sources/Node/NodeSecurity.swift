import EventLog
import EventModel
import Foundation
import Replication
import Security
import Synchronization

/// NodeSecurity is what a secured node knows and keeps: the region genesis, its own key, the trust state
/// folded from the region channel's `trust.*` events, the request verifier with its nonce cache, and the
/// head-signing policy. A node without `genesis.json` in its directory has none of it (open mode).
///
/// Every method that reads the log runs inside the node's serial queue; the mutable state is behind a lock.
final class NodeSecurity: Sendable {
    /// The genesis file name in the data directory.
    static let genesisFileName = "genesis.json"

    let genesis: RegionGenesis
    let key: SigningKey
    let origin: Origin
    let municipality: MunicipalityCode
    let directory: String
    private let state: Mutex<State>
    private let userCache = Mutex<[String: String]>([:])

    private struct State {
        var trust: TrustState
        var verifier: RequestVerifier
        var signer = HeadSigner()
        var foldedThrough: Int64 = 0
    }

    /// The genesis path in `directory`.
    static func genesisPath(in directory: String) -> String {
        (directory as NSString).appendingPathComponent(genesisFileName)
    }

    /// Whether `directory` holds a region genesis (the node runs secured).
    static func isSecured(directory: String) -> Bool {
        FileManager.default.fileExists(atPath: genesisPath(in: directory))
    }

    /// Loads the genesis and the node key of `directory`, or nil when there is no genesis (open mode).
    /// Refuses a key file others can read, a missing key, and a genesis without this node's municipality.
    static func load(directory: String, log: EventLog) throws -> NodeSecurity? {
        guard isSecured(directory: directory) else { return nil }
        let genesis = try RegionGenesis(contentsOfFile: genesisPath(in: directory))
        guard genesis.member(log.identity.municipality) != nil else {
            throw SecurityError.malformedDocument(
                field: "members", reason: "the region genesis does not list this node's municipality \(log.identity.municipality)")
        }
        let key = try NodeKey.load(from: directory)
        let security = NodeSecurity(genesis: genesis, key: key, log: log, directory: directory)
        try SecurityTables.create(log.database)
        try security.refreshTrust(log)
        let signed = try SecurityTables.lastHeads(of: security.origin, in: log.database)
        security.state.withLock { state in
            for (chain, seq) in signed { state.signer.recordSigned(chain, seq: seq) }
        }
        return security
    }

    private init(genesis: RegionGenesis, key: SigningKey, log: EventLog, directory: String) {
        self.genesis = genesis
        self.key = key
        self.origin = log.identity.origin
        self.municipality = log.identity.municipality
        self.directory = directory
        let trust = TrustState(genesis: genesis)
        self.state = Mutex(State(trust: trust, verifier: RequestVerifier(trust: trust)))
    }

    /// The region id.
    var region: RegionID { genesis.id }

    /// The current trust state.
    var trust: TrustState { state.withLock { $0.trust } }

    /// Folds the `trust.*` events stored since the last fold (by this process or another, e.g. the CLI).
    func refreshTrust(_ log: EventLog) throws {
        let last = try log.lastInsertionID()
        let from = state.withLock { $0.foldedThrough }
        guard last > from else { return }
        var statements: [Event] = []
        var after = from
        while true {
            let batch = try SecurityTables.trustEvents(after: after, limit: 1000, in: log)
            statements += batch.map(\.event)
            guard batch.count == 1000, let next = batch.last?.insertionID else { break }
            after = next
        }
        // Folded by type as before (enrolments, then revocations, then fork proofs): the state is a fold over sets,
        // so only the order of the warnings could tell.
        let found = [TrustCatalog.nodeEnrolled, TrustCatalog.nodeRevoked, TrustCatalog.forkProven].flatMap { type in
            statements.filter { $0.type == type }
        }
        // A fork proof quarantines the forked chain on every node that holds it, so all agree on the views.
        let trustNow = state.withLock { $0.trust }
        for event in found where event.type == TrustCatalog.forkProven {
            guard let proof = try? ForkProof(payload: event.payload), proof.verify(in: trustNow) else {
                Self.warn("fork proof ignored", ["position": "\(event.position)", "reason": "does not verify"])
                continue
            }
            try log.markForked(proof.chain, at: proof.seq)
        }
        state.withLock { state in
            for event in found where event.type != TrustCatalog.forkProven {
                if case .ignored(let why) = state.trust.apply(event) {
                    Self.warn("trust event ignored", ["position": "\(event.position)", "reason": why])
                }
            }
            state.verifier.trust = state.trust
            state.foldedThrough = max(state.foldedThrough, last)
        }
    }

    /// Takes the rows after insertion id `before` through `last` as folded, when everything up to `before` is: rows
    /// the caller knows hold no trust statement (see `SecureIngest.noteStoredWithoutTrust`).
    func noteFolded(after before: Int64, through last: Int64) {
        state.withLock { state in
            if state.foldedThrough == before { state.foldedThrough = last }
        }
    }

    /// Authenticates a request from another node.
    func authenticate(method: String, path: String, body: [UInt8], header: String?) -> RequestDecision {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return state.withLock {
            $0.verifier.authenticate(method: method, path: path, body: body, header: header, nowMillis: now)
        }
    }

    /// Signs a request to a peer: the header value and its nonce.
    func signRequest(method: String, path: String, body: [UInt8]) -> (header: String, nonce: String) {
        let signature = RequestSignature.sign(
            method: method, path: path, body: body, origin: origin, region: region, key: key,
            nowMillis: Int64(Date().timeIntervalSince1970 * 1000))
        return (signature.headerValue, signature.nonce)
    }

    /// The statement a node signs in its health answer so a caller knows who answers: region, origin,
    /// municipality and the caller's nonce.
    static func healthStatement(region: RegionID, origin: Origin, municipality: MunicipalityCode, nonce: String)
        -> [UInt8]
    {
        Array(["samverkan-health-v1", region.hex, origin.description, municipality.description, nonce]
            .joined(separator: "\n").utf8)
    }

    /// The proof for a health answer to a caller that sent `nonce`.
    func healthProof(nonce: String) -> String {
        key.sign(Self.healthStatement(region: region, origin: origin, municipality: municipality, nonce: nonce)).hex
    }

    /// How this node's peer transports sign requests and check their peers.
    var peerAuthentication: PeerAuthentication {
        PeerAuthentication(
            region: region.hex,
            sign: { [self] method, path, body in signRequest(method: method, path: path, body: body) },
            checkPeer: { [self] identity, proof, nonce in checkPeer(identity, proof: proof, nonce: nonce) })
    }

    /// Checks a peer's claimed identity against trust: a known peer must prove its key over our nonce; an
    /// unknown one is let through only when it shares no case channel with us (its data is verified anyway).
    func checkPeer(_ identity: PeerIdentity, proof: String?, nonce: String) -> String? {
        switch trust.standing(of: identity.origin) {
        case .unknown:
            return identity.municipality == municipality
                ? "peer \(identity.origin) claims municipality \(identity.municipality) but no enrolment of it is known here yet"
                : nil
        case .conflicting: return "peer \(identity.origin) has conflicting enrolments"
        case .enrolled(_, _, .some): return "peer \(identity.origin) is revoked"
        case .enrolled(let key, let enrolled, nil):
            guard enrolled == identity.municipality else {
                return "peer \(identity.origin) claims municipality \(identity.municipality) but is enrolled for \(enrolled)"
            }
            guard let proof, let signature = Signature(hex: proof),
                key.verifies(
                    signature,
                    of: Self.healthStatement(
                        region: region, origin: identity.origin, municipality: identity.municipality, nonce: nonce))
            else { return "peer \(identity.origin) did not prove its enrolled key" }
            return nil
        }
    }

    // MARK: Heads

    /// Signs the heads of this node's own chains that a page is about to serve, per the signing policy:
    /// at every multiple of 256 and at the page's last event, when past the last signed head.
    func signOwnHeads(_ events: [ChainHead], chain: ChainKey) -> [SignedHead] {
        guard chain.origin == origin, let last = events.last else { return [] }
        return state.withLock { state in
            guard state.signer.mustSignBeforeServing(chain, headSeq: last.seq) else { return [] }
            let already = state.signer.lastSignedSeq(chain)
            var signed: [SignedHead] = []
            for event in events
            where event.seq > already && (event.seq % state.signer.maximumEvents == 0 || event.seq == last.seq) {
                signed.append(
                    SignedHead.sign(event, of: chain, region: region, key: key))
            }
            state.signer.recordSigned(chain, seq: last.seq)
            return signed
        }
    }

    // MARK: Users

    /// The user whose HTTP Basic credentials `authorization` carries, or nil.
    func user(authorization: String?) -> UserRecord? {
        guard let authorization, authorization.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        let name = String(text[..<colon])
        let secret = String(text[text.index(after: colon)...])
        guard let store = try? UserStoreFile.load(directory: directory), let record = store.users[name] else {
            _ = UserStore().authenticate(name: name, secret: secret)  // same cost as a wrong secret
            return nil
        }
        // A slow hash per request would make every page take half a second; remember a verified pair.
        let cacheKey = name + "\n" + EventHash.sha256(Array(secret.utf8)).hex
        if userCache.withLock({ $0[cacheKey] }) == record.secret.encoded { return record }
        guard let verified = store.authenticate(name: name, secret: secret) else { return nil }
        userCache.withLock { cache in
            if cache.count > 1000 { cache.removeAll() }
            cache[cacheKey] = verified.secret.encoded
        }
        return verified
    }

    // MARK: Audit

    /// Writes one warning line to stderr: a refusal and its reason, never payload content.
    static func warn(_ message: String, _ fields: [String: String]) {
        var object: [String: JSONValue] = ["level": "warn", "msg": .string(message)]
        for (name, value) in fields { object[name] = .string(value) }
        FileHandle.standardError.write(Data((CanonicalJSON.string(.object(object)) + "\n").utf8))
    }
}
