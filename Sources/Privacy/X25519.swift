import CCrypto

/// X25519 makes key pairs and shared secrets on Curve25519 through libcrypto's EVP_PKEY API.
enum X25519 {
    /// The length of a raw private or public key, and of a shared secret.
    static let keyCount = 32

    /// A new random private key, in its 32-byte raw form.
    static func generatePrivateKey() throws(PrivacyError) -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_X25519, nil) else { throw .crypto("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(context) }
        var made: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &made) == 1, let made else {
            throw .crypto("X25519 key generation failed")
        }
        defer { EVP_PKEY_free(made) }
        var raw = [UInt8](repeating: 0, count: keyCount)
        var length = keyCount
        guard EVP_PKEY_get_raw_private_key(made, &raw, &length) == 1, length == keyCount else {
            throw .crypto("EVP_PKEY_get_raw_private_key")
        }
        return raw
    }

    /// The public key of the raw private key `privateKey`.
    static func publicKey(of privateKey: [UInt8]) throws(PrivacyError) -> [UInt8] {
        let key = try makePrivate(privateKey)
        defer { EVP_PKEY_free(key) }
        var raw = [UInt8](repeating: 0, count: keyCount)
        var length = keyCount
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == keyCount else {
            throw .crypto("EVP_PKEY_get_raw_public_key")
        }
        return raw
    }

    /// The Diffie-Hellman secret of `privateKey` and a peer's `publicKey` (EVP_PKEY_derive).
    ///
    /// libcrypto refuses a peer key of small order, whose secret would be all zeros and known to anyone.
    static func sharedSecret(privateKey: [UInt8], publicKey: [UInt8]) throws(PrivacyError) -> [UInt8] {
        guard publicKey.count == keyCount else {
            throw .malformed(field: "publicKey", reason: "an X25519 public key has \(keyCount) bytes")
        }
        let own = try makePrivate(privateKey)
        defer { EVP_PKEY_free(own) }
        guard let peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nil, publicKey, keyCount) else {
            ERR_clear_error()
            throw .malformed(field: "publicKey", reason: "not an X25519 public key")
        }
        defer { EVP_PKEY_free(peer) }
        guard let context = EVP_PKEY_CTX_new(own, nil) else { throw .crypto("EVP_PKEY_CTX_new") }
        defer { EVP_PKEY_CTX_free(context) }
        var secret = [UInt8](repeating: 0, count: keyCount)
        var length = keyCount
        guard EVP_PKEY_derive_init(context) == 1, EVP_PKEY_derive_set_peer(context, peer) == 1,
            EVP_PKEY_derive(context, &secret, &length) == 1, length == keyCount
        else {
            ERR_clear_error()
            throw .malformed(field: "publicKey", reason: "no shared secret can be made with this X25519 public key")
        }
        return secret
    }

    private static func makePrivate(_ raw: [UInt8]) throws(PrivacyError) -> OpaquePointer {
        guard raw.count == keyCount else {
            throw .malformed(field: "privateKey", reason: "an X25519 private key has \(keyCount) bytes")
        }
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nil, raw, keyCount) else {
            ERR_clear_error()
            throw .crypto("EVP_PKEY_new_raw_private_key")
        }
        return key
    }
}
