/// PrivacyError is a reason personal data, a subject key or a node encryption key could not be used.
public enum PrivacyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The data subject was erased: its key is destroyed and no key will ever be made for it again.
    case erased(String)
    /// Decryption failed: the key, the context or the bytes are not the ones that were sealed.
    case decryptionFailed
    /// The data was sealed under another key than the one given (key ids differ).
    case wrongKey(sealedUnder: String, given: String)
    /// A wrapped key is addressed to another node's encryption key than this node's.
    case notAddressedToThisNode(recipient: String)
    /// A sealed box, wrapped key or key record is malformed; names the field and what is wrong.
    case malformed(field: String, reason: String)
    /// The personal data is larger than a sealed field may hold.
    case plaintextTooLarge(count: Int, limit: Int)
    /// libcrypto reported a failure it should not have.
    case crypto(String)
    /// A key file or the key store file cannot be used; names the file and what to do.
    case keyFile(String)

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .erased(let subject):
            "the data subject \(subject) was erased; its key is destroyed and its personal data cannot be stored again"
        case .decryptionFailed:
            "decryption failed: wrong key, wrong context, or the sealed bytes were altered"
        case .wrongKey(let sealedUnder, let given):
            "the data was sealed under key \(sealedUnder), not under the given key \(given)"
        case .notAddressedToThisNode(let recipient):
            "the wrapped key is addressed to node encryption key \(recipient.prefix(16))…, not to this node's"
        case .malformed(let field, let reason): "field '\(field)': \(reason)"
        case .plaintextTooLarge(let count, let limit):
            "personal data of \(count) bytes is larger than the \(limit) bytes a sealed field holds"
        case .crypto(let detail): "libcrypto failure: \(detail)"
        case .keyFile(let detail): detail
        }
    }
}
