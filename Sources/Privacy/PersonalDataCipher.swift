import Foundation
import Security

/// PersonalDataCipher seals a person's data under their subject key and opens it again.
///
/// The associated data is "samverkan sealed v1", the key id and the caller's `context` (the stream id and
/// event type), each NUL-separated: a box moved to another event, stream or key does not open.
public enum PersonalDataCipher {
    /// The most plaintext bytes one box holds: what fits the `sealed` field's 65 536 base64 characters.
    public static let maximumPlaintextCount = SealedBox.maximumCiphertextLength / 4 * 3

    /// Encrypts with a fresh random nonce; `context` is bound as AAD (callers pass the stream id + event type).
    public static func seal(_ plaintext: [UInt8], key: SubjectKey, context: String) throws(PrivacyError) -> SealedBox {
        guard plaintext.count <= maximumPlaintextCount else {
            throw .plaintextTooLarge(count: plaintext.count, limit: maximumPlaintextCount)
        }
        let nonce = SecureRandom.bytes(AESGCM.nonceCount)
        let sealed = try AESGCM.seal(
            plaintext, key: key.bytes, nonce: nonce, aad: associatedData(keyID: key.keyID, context: context))
        return SealedBox(keyID: key.keyID, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag)
    }

    /// Decrypts and authenticates; throws PrivacyError on a wrong key, context, or tampered bytes.
    public static func open(_ box: SealedBox, key: SubjectKey, context: String) throws(PrivacyError) -> [UInt8] {
        guard box.keyID == key.keyID else { throw .wrongKey(sealedUnder: box.keyID, given: key.keyID) }
        guard let nonce = Hex.decode(box.nonce), let tag = Hex.decode(box.tag),
            let ciphertext = Data(base64Encoded: box.ciphertext)
        else { throw .decryptionFailed }
        return try AESGCM.open(
            Array(ciphertext), tag: tag, key: key.bytes, nonce: nonce,
            aad: associatedData(keyID: key.keyID, context: context))
    }

    /// The bytes authenticated with the ciphertext; unambiguous because the key id has a fixed length.
    static func associatedData(keyID: String, context: String) -> [UInt8] {
        Array("samverkan sealed v1".utf8) + [0] + Array(keyID.utf8) + [0] + Array(context.utf8)
    }
}
