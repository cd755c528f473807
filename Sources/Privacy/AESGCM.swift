import CCrypto

/// AESGCM seals and opens bytes with AES-256-GCM through libcrypto's EVP cipher API.
enum AESGCM {
    /// The key length in bytes.
    static let keyCount = 32
    /// The nonce (IV) length in bytes: 96 bits, the length GCM is made for.
    static let nonceCount = 12
    /// The authentication tag length in bytes: the full 128 bits.
    static let tagCount = 16

    /// Encrypts `plaintext` under `key` and `nonce`, authenticating `aad` along with it.
    static func seal(
        _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]
    ) throws(PrivacyError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        precondition(key.count == keyCount && nonce.count == nonceCount, "AES-256-GCM key or nonce of the wrong size")
        guard let context = EVP_CIPHER_CTX_new() else { throw .crypto("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: tagCount)
        var length: Int32 = 0
        var written = 0
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceCount), nil) == 1,
            EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1
        else { throw failure("AES-256-GCM encryption setup") }
        if !aad.isEmpty {
            guard EVP_EncryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1 else {
                throw failure("AES-256-GCM associated data")
            }
        }
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(context, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1 else {
                throw failure("AES-256-GCM encryption")
            }
            written = Int(length)
        }
        let finished = ciphertext.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(context, buffer.baseAddress! + written, &length)
        }
        guard finished == 1 else { throw failure("AES-256-GCM final block") }
        written += Int(length)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagCount), &tag) == 1 else {
            throw failure("AES-256-GCM tag")
        }
        return (Array(ciphertext[..<written]), tag)
    }

    /// Decrypts `ciphertext` and checks `tag` over it and `aad`; throws `.decryptionFailed` on any mismatch.
    static func open(
        _ ciphertext: [UInt8], tag: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]
    ) throws(PrivacyError) -> [UInt8] {
        guard key.count == keyCount, nonce.count == nonceCount, tag.count == tagCount else {
            throw .decryptionFailed
        }
        guard let context = EVP_CIPHER_CTX_new() else { throw .crypto("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var expectedTag = tag
        var length: Int32 = 0
        var written = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceCount), nil) == 1,
            EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1
        else { throw failure("AES-256-GCM decryption setup") }
        if !aad.isEmpty {
            guard EVP_DecryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1 else {
                throw failure("AES-256-GCM associated data")
            }
        }
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(context, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1 else {
                throw failure("AES-256-GCM decryption")
            }
            written = Int(length)
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagCount), &expectedTag) == 1 else {
            throw failure("AES-256-GCM tag")
        }
        let verified = plaintext.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(context, buffer.baseAddress! + written, &length)
        }
        guard verified > 0 else {
            // Nothing decrypted may leave this function when the tag does not match.
            ERR_clear_error()
            wipe(&plaintext)
            throw .decryptionFailed
        }
        written += Int(length)
        return Array(plaintext[..<written])
    }

    /// Clears libcrypto's error queue and names the step that failed.
    private static func failure(_ step: String) -> PrivacyError {
        let code = ERR_get_error()
        ERR_clear_error()
        return .crypto("\(step) failed (error \(code))")
    }

    /// Overwrites secret bytes in place with OPENSSL_cleanse, which the compiler may not optimise away.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
        }
    }
}
