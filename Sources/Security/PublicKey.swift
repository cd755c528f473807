import CCrypto
import Foundation

/// PublicKey is an Ed25519 public key: 32 bytes, written as 64 lowercase hex digits.
public struct PublicKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The raw key bytes.
    public let bytes: [UInt8]

    /// Wraps 32 raw key bytes, or returns nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 lowercase hex digits, or returns nil.
    public init?(hex: some StringProtocol) {
        guard let bytes = Hex.decode(hex), bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Reads a public key from text: 64 hex digits, or a PEM `PUBLIC KEY` block (as `openssl pkey -pubout`
    /// writes); `source` names where the text came from in the error.
    public init(text: String, source: String) throws(SecurityError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let key = PublicKey(hex: trimmed) {
            self = key
            return
        }
        guard let der = PEM.decode(trimmed, label: "PUBLIC KEY") else {
            throw .malformedKey("\(source) holds neither 64 hex digits nor a PEM PUBLIC KEY block")
        }
        // An Ed25519 SubjectPublicKeyInfo is this fixed 12-byte header (RFC 8410) followed by the key.
        guard der.count == 44, Array(der.prefix(12)) == PublicKey.spkiPrefix,
            let key = PublicKey(bytes: Array(der.suffix(32)))
        else { throw .malformedKey("\(source) holds a public key that is not Ed25519") }
        self = key
    }

    /// Reads a public key file (hex or PEM).
    public init(contentsOfFile path: String) throws(SecurityError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .file(path: path, reason: "cannot read the public key file")
        }
        try self.init(text: text, source: path)
    }

    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// 64 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    /// The first 12 hex digits, enough to tell keys apart on a screen.
    public var short: String { String(hex.prefix(12)) }

    /// The hex form.
    public var description: String { hex }

    /// The key as a PEM `PUBLIC KEY` block that `openssl pkey -pubin` reads.
    public var pem: String { PEM.encode(PublicKey.spkiPrefix + bytes, label: "PUBLIC KEY") }

    /// Whether `signature` is this key's Ed25519 signature of `message` (EVP_DigestVerify).
    public func verifies(_ signature: Signature, of message: [UInt8]) -> Bool {
        guard
            let key = bytes.withUnsafeBufferPointer({
                EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32)
            })
        else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else { return false }
        let result = signature.bytes.withUnsafeBufferPointer { signatureBytes in
            message.withUnsafeBufferPointer { messageBytes in
                EVP_DigestVerify(
                    context, signatureBytes.baseAddress, signatureBytes.count, messageBytes.baseAddress,
                    messageBytes.count)
            }
        }
        ERR_clear_error()
        return result == 1
    }

    /// Orders keys by their bytes.
    public static func < (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

/// Signature is an Ed25519 signature: 64 bytes, written as 128 lowercase hex digits.
public struct Signature: Sendable, Hashable, CustomStringConvertible {
    /// The raw signature bytes.
    public let bytes: [UInt8]

    /// Wraps 64 raw bytes, or returns nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 64 else { return nil }
        self.bytes = bytes
    }

    /// Parses 128 lowercase hex digits, or returns nil.
    public init?(hex: some StringProtocol) {
        guard let bytes = Hex.decode(hex), bytes.count == 64 else { return nil }
        self.bytes = bytes
    }

    /// 128 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    /// The hex form.
    public var description: String { hex }
}
