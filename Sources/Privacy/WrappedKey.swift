import EventModel
import Security

/// WrappedKey is a subject key encrypted to one receiving node: ephemeral X25519 + ECDH with the receiver's public key, HKDF-SHA256, AES-256-GCM with the subject as AAD.
///
/// The HKDF info is "samverkan key wrap v1" followed by the ephemeral and the recipient public key, so a
/// wrapping key belongs to exactly one exchange; the AAD is the subject, NUL and the key id, so a wrapped
/// key cannot be relabelled as another person's.
public struct WrappedKey: Sendable, Equatable {
    /// The data subject whose key this is.
    public let subject: String
    /// The id of the wrapped subject key.
    public let keyID: String
    /// The receiving node's X25519 public key, as hex.
    public let recipient: String
    private let ephemeralPublicKey: [UInt8]
    private let nonce: [UInt8]
    private let ciphertext: [UInt8]
    private let tag: [UInt8]

    private static let label = "samverkan key wrap v1"

    /// The JSON object a wrapped key travels in between the nodes of a municipality.
    public var jsonValue: JSONValue {
        .object([
            "subject": .string(subject), "keyId": .string(keyID), "recipient": .string(recipient),
            "ephemeralKey": .string(Hex.encode(ephemeralPublicKey)), "nonce": .string(Hex.encode(nonce)),
            "ciphertext": .string(Hex.encode(ciphertext)), "tag": .string(Hex.encode(tag)),
        ])
    }

    /// Reads a wrapped key from its JSON form, checking every field's shape.
    public init(json: JSONValue) throws(PrivacyError) {
        guard let members = json.objectValue else {
            throw .malformed(field: "wrappedKey", reason: "must be an object, not \(json.kindName)")
        }
        let known = ["subject", "keyId", "recipient", "ephemeralKey", "nonce", "ciphertext", "tag"]
        for name in members.keys where !known.contains(name) {
            throw .malformed(field: "wrappedKey.\(name)", reason: "is not a field of a wrapped key")
        }
        subject = try Self.text(members, "subject")
        try SubjectKey.validate(subject: subject)
        keyID = try Self.text(members, "keyId")
        try SubjectKey.validate(keyID: keyID, field: "wrappedKey.keyId")
        recipient = Hex.encode(try Self.hex(members, "recipient", count: X25519.keyCount))
        ephemeralPublicKey = try Self.hex(members, "ephemeralKey", count: X25519.keyCount)
        nonce = try Self.hex(members, "nonce", count: AESGCM.nonceCount)
        ciphertext = try Self.hex(members, "ciphertext", count: SubjectKey.byteCount)
        tag = try Self.hex(members, "tag", count: AESGCM.tagCount)
    }

    private init(
        key: SubjectKey, recipient: [UInt8], ephemeralPublicKey: [UInt8], nonce: [UInt8], sealed: [UInt8], tag: [UInt8]
    ) {
        self.subject = key.subject
        self.keyID = key.keyID
        self.recipient = Hex.encode(recipient)
        self.ephemeralPublicKey = ephemeralPublicKey
        self.nonce = nonce
        self.ciphertext = sealed
        self.tag = tag
    }

    /// Encrypts `key` so that only the node holding the private half of `recipientPublicKey` can read it.
    public static func wrap(_ key: SubjectKey, to recipientPublicKey: [UInt8]) throws(PrivacyError) -> WrappedKey {
        var ephemeralPrivateKey = try X25519.generatePrivateKey()
        defer { AESGCM.wipe(&ephemeralPrivateKey) }
        let ephemeralPublicKey = try X25519.publicKey(of: ephemeralPrivateKey)
        var secret = try X25519.sharedSecret(privateKey: ephemeralPrivateKey, publicKey: recipientPublicKey)
        defer { AESGCM.wipe(&secret) }
        var wrappingKey = try wrappingKey(secret: secret, ephemeral: ephemeralPublicKey, recipient: recipientPublicKey)
        defer { AESGCM.wipe(&wrappingKey) }
        let nonce = SecureRandom.bytes(AESGCM.nonceCount)
        let sealed = try AESGCM.seal(
            key.bytes, key: wrappingKey, nonce: nonce, aad: associatedData(subject: key.subject, keyID: key.keyID))
        return WrappedKey(
            key: key, recipient: recipientPublicKey, ephemeralPublicKey: ephemeralPublicKey, nonce: nonce,
            sealed: sealed.ciphertext, tag: sealed.tag)
    }

    /// Decrypts the subject key with this node's encryption key; throws when it was wrapped to another node or altered.
    public func unwrap(with own: NodeEncryptionKey) throws(PrivacyError) -> SubjectKey {
        guard recipient == own.publicKeyHex else { throw .notAddressedToThisNode(recipient: recipient) }
        var secret = try own.sharedSecret(with: ephemeralPublicKey)
        defer { AESGCM.wipe(&secret) }
        var wrappingKey = try Self.wrappingKey(secret: secret, ephemeral: ephemeralPublicKey, recipient: own.publicKey)
        defer { AESGCM.wipe(&wrappingKey) }
        let bytes = try AESGCM.open(
            ciphertext, tag: tag, key: wrappingKey, nonce: nonce,
            aad: Self.associatedData(subject: subject, keyID: keyID))
        return try SubjectKey(subject: subject, keyID: keyID, bytes: bytes)
    }

    private static func wrappingKey(secret: [UInt8], ephemeral: [UInt8], recipient: [UInt8]) throws(PrivacyError)
        -> [UInt8]
    {
        try HKDF.sha256(
            secret: secret, salt: [], info: Array(label.utf8) + ephemeral + recipient, count: AESGCM.keyCount)
    }

    /// The subject, NUL and the key id; unambiguous because the key id has a fixed length.
    private static func associatedData(subject: String, keyID: String) -> [UInt8] {
        Array(subject.utf8) + [0] + Array(keyID.utf8)
    }

    private static func text(_ members: [String: JSONValue], _ name: String) throws(PrivacyError) -> String {
        guard let value = members[name] else { throw .malformed(field: "wrappedKey.\(name)", reason: "is missing") }
        guard let text = value.stringValue else {
            throw .malformed(field: "wrappedKey.\(name)", reason: "must be a string, not \(value.kindName)")
        }
        return text
    }

    private static func hex(_ members: [String: JSONValue], _ name: String, count: Int) throws(PrivacyError) -> [UInt8]
    {
        guard let bytes = Hex.decode(try text(members, name)), bytes.count == count else {
            throw .malformed(field: "wrappedKey.\(name)", reason: "must be \(count * 2) lowercase hex digits")
        }
        return bytes
    }
}
