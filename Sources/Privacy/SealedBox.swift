import EventModel
import Foundation
import Security

/// SealedBox is personal data encrypted under a subject key with AES-256-GCM.
///
/// Its JSON form is the `sealed` payload field of case events: `{"keyId","nonce","ciphertext","tag"}`.
public struct SealedBox: Sendable, Equatable {
    /// The id of the subject key the data was sealed under.
    public let keyID: String
    /// The 12-byte GCM nonce, as hex.
    public let nonce: String
    /// The encrypted bytes, as base64.
    public let ciphertext: String
    /// The 16-byte GCM authentication tag, as hex.
    public let tag: String

    /// The longest ciphertext text the `sealed` field accepts (its schema's maxLength).
    public static let maximumCiphertextLength = 65_536

    init(keyID: String, nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) {
        self.keyID = keyID
        self.nonce = Hex.encode(nonce)
        self.ciphertext = Data(ciphertext).base64EncodedString()
        self.tag = Hex.encode(tag)
    }

    /// The JSON object `{"keyId","nonce","ciphertext","tag"}` that travels in the `sealed` field.
    public var jsonValue: JSONValue {
        .object([
            "keyId": .string(keyID), "nonce": .string(nonce), "ciphertext": .string(ciphertext), "tag": .string(tag),
        ])
    }

    /// Reads a sealed box from its JSON form, checking every field's shape.
    public init(json: JSONValue) throws(PrivacyError) {
        guard let members = json.objectValue else {
            throw .malformed(field: "sealed", reason: "must be an object, not \(json.kindName)")
        }
        for name in members.keys where !["keyId", "nonce", "ciphertext", "tag"].contains(name) {
            throw .malformed(field: "sealed.\(name)", reason: "is not a field of a sealed box")
        }
        let keyID = try Self.text(members, "keyId")
        try SubjectKey.validate(keyID: keyID, field: "sealed.keyId")
        let nonce = try Self.text(members, "nonce")
        guard Hex.decode(nonce)?.count == AESGCM.nonceCount else {
            throw .malformed(field: "sealed.nonce", reason: "must be \(AESGCM.nonceCount * 2) lowercase hex digits")
        }
        let ciphertext = try Self.text(members, "ciphertext")
        guard ciphertext.utf8.count <= Self.maximumCiphertextLength, Data(base64Encoded: ciphertext) != nil else {
            throw .malformed(
                field: "sealed.ciphertext",
                reason: "must be base64 of at most \(Self.maximumCiphertextLength) characters")
        }
        let tag = try Self.text(members, "tag")
        guard Hex.decode(tag)?.count == AESGCM.tagCount else {
            throw .malformed(field: "sealed.tag", reason: "must be \(AESGCM.tagCount * 2) lowercase hex digits")
        }
        self.keyID = keyID
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.tag = tag
    }

    private static func text(_ members: [String: JSONValue], _ name: String) throws(PrivacyError) -> String {
        guard let value = members[name] else { throw .malformed(field: "sealed.\(name)", reason: "is missing") }
        guard let text = value.stringValue else {
            throw .malformed(field: "sealed.\(name)", reason: "must be a string, not \(value.kindName)")
        }
        return text
    }
}
