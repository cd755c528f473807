import Domain
import EventLog
import EventModel
import Privacy
import Replication
import Security

/// KeyExchange moves person keys between the nodes of one municipality (its server and its laptops),
/// each key encrypted to the receiving node's X25519 key, so a case opened on a laptop offline can be
/// read on the server once both have synced — and no other node ever holds a key.
///
/// One round is `POST /v1/keys` with the caller's public key and the cases it holds keys for; the
/// answer brings the keys the caller lacks and names the ones the answering node lacks, which the
/// caller then sends in a second request. Erased cases are never sent and never accepted.
enum KeyExchange {
    static let path = "/v1/keys"

    /// A round's request or its follow-up.
    struct Request {
        let publicKey: [UInt8]
        let have: [String]
        let keys: [WrappedKey]

        init(publicKey: [UInt8], have: [String], keys: [WrappedKey]) {
            self.publicKey = publicKey
            self.have = have
            self.keys = keys
        }

        init(json: JSONValue) throws {
            guard let hex = json["publicKey"]?.stringValue, let key = Hex.decode(hex), key.count == 32 else {
                throw EnvelopeError(field: "publicKey", reason: "must be 64 hex digits (an X25519 public key)")
            }
            guard let have = json["have"]?.arrayValue?.compactMap(\.stringValue), have.count <= 100_000 else {
                throw EnvelopeError(field: "have", reason: "must be a list of case ids")
            }
            let keys = try (json["keys"]?.arrayValue ?? []).map { value in
                do { return try WrappedKey(json: value) } catch { throw EnvelopeError(field: "keys", reason: "\(error)") }
            }
            self.init(publicKey: key, have: have, keys: keys)
        }

        var jsonValue: JSONValue {
            [
                "publicKey": .string(Hex.encode(publicKey)), "have": .array(have.map { .string($0) }),
                "keys": .array(keys.map(\.jsonValue)),
            ]
        }
    }

    /// The answering side: stores the keys sent (of cases not erased), returns the keys the caller lacks
    /// wrapped to it, and names those it lacks itself. A key of a case whose erasure has just arrived may
    /// be stored here for a moment: the key keeper purges it with its next pass.
    static func answer(_ request: Request, desk: CaseDesk, own: NodeEncryptionKey) throws -> JSONValue {
        let received = try desk.keys.importWrapped(request.keys.filter { isCase($0.subject) }, with: own)
        let ours = Set(try desk.keys.subjects())
        let theirs = Set(request.have)
        let erased = Set(try desk.keys.erasedSubjects())
        let send = try desk.keys.wrapped(subjects: ours.subtracting(theirs).sorted(), to: request.publicKey)
        let want = theirs.subtracting(ours).subtracting(erased).filter(isCase).sorted()
        return [
            "publicKey": .string(own.publicKeyHex), "keys": .array(send.map(\.jsonValue)),
            "want": .array(want.map { .string($0) }), "received": .number(JSONNumber(received)),
        ]
    }

    /// The calling side of one round with a peer of the same municipality; returns keys received and sent.
    ///
    /// `checkKey` vets the peer's public key against the proof in the answer (a secured node requires the
    /// peer's enrolled node key to have signed it); it returns a reason to refuse, or nil.
    static func round(
        transport: HTTPPeerTransport, desk: CaseDesk, own: NodeEncryptionKey,
        checkKey: (_ answer: JSONValue, _ nonce: String) -> String?
    ) throws -> (received: Int, sent: Int) {
        let have = try desk.keys.subjects()
        let (answer, nonce) = try transport.post(path, body: Request(publicKey: own.publicKey, have: have, keys: []).jsonValue)
        if let problem = checkKey(answer, nonce) { throw ReplicationError.wrongPeer(problem) }
        guard let hex = answer["publicKey"]?.stringValue, let peerKey = Hex.decode(hex), peerKey.count == 32 else {
            throw ReplicationError.badAnswer("keys: the answer carries no public key")
        }
        let wrapped = try (answer["keys"]?.arrayValue ?? []).map { try WrappedKey(json: $0) }
        let received = try desk.keys.importWrapped(wrapped.filter { isCase($0.subject) }, with: own)
        let want = (answer["want"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard !want.isEmpty else { return (received, 0) }
        let send = try desk.keys.wrapped(subjects: want, to: peerKey)
        guard !send.isEmpty else { return (received, 0) }
        let followUp = Request(publicKey: own.publicKey, have: try desk.keys.subjects(), keys: send)
        let (second, secondNonce) = try transport.post(path, body: followUp.jsonValue)
        if let problem = checkKey(second, secondNonce) { throw ReplicationError.wrongPeer(problem) }
        return (received, send.count)
    }

    private static func isCase(_ subject: String) -> Bool {
        subject.hasPrefix("case/") && StreamID(subject) != nil
    }
}
