import CCrypto

/// HKDF derives keys with HKDF-SHA256 (RFC 5869) through libcrypto's EVP_KDF API.
enum HKDF {
    /// `count` bytes derived from the input keying material `secret`, bound to `info`.
    static func sha256(secret: [UInt8], salt: [UInt8], info: [UInt8], count: Int) throws(PrivacyError) -> [UInt8] {
        guard let kdf = EVP_KDF_fetch(nil, "HKDF", nil) else { throw .crypto("EVP_KDF_fetch(HKDF)") }
        defer { EVP_KDF_free(kdf) }
        guard let context = EVP_KDF_CTX_new(kdf) else { throw .crypto("EVP_KDF_CTX_new") }
        defer { EVP_KDF_CTX_free(context) }
        var secret = secret
        var salt = salt
        var info = info
        var out = [UInt8](repeating: 0, count: count)
        // OSSL_PARAM keeps the pointers it is given, so every buffer stays pinned until the derivation is done.
        // The parameter names are static strings: OSSL_KDF_PARAM_DIGEST, _KEY, _SALT and _INFO.
        let derived = secret.withUnsafeMutableBytes { secretBytes in
            salt.withUnsafeMutableBytes { saltBytes in
                info.withUnsafeMutableBytes { infoBytes in
                    var parameters = [
                        OSSL_PARAM_construct_utf8_string(name("digest"), mutableName("SHA256"), 0),
                        OSSL_PARAM_construct_octet_string(name("key"), secretBytes.baseAddress, secretBytes.count),
                        OSSL_PARAM_construct_octet_string(name("salt"), saltBytes.baseAddress, saltBytes.count),
                        OSSL_PARAM_construct_octet_string(name("info"), infoBytes.baseAddress, infoBytes.count),
                        OSSL_PARAM_construct_end(),
                    ]
                    return EVP_KDF_derive(context, &out, count, &parameters)
                }
            }
        }
        AESGCM.wipe(&secret)
        guard derived == 1 else {
            ERR_clear_error()
            throw .crypto("HKDF-SHA256 derivation failed")
        }
        return out
    }

    /// A C string pointer to a static string literal, which is NUL-terminated and lives for the whole program.
    private static func name(_ text: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// The same, for the C parameters typed `char *` that libcrypto only reads.
    private static func mutableName(_ text: StaticString) -> UnsafeMutablePointer<CChar> {
        UnsafeMutablePointer(mutating: name(text))
    }
}
