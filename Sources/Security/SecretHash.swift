import CCrypto

/// SecretHash is a user's secret stored as a slow salted hash: PBKDF2-HMAC-SHA256 from libcrypto.
///
/// Written `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`, so the cost can rise later without
/// invalidating stored secrets: each hash carries its own iteration count.
public struct SecretHash: Sendable, Hashable, CustomStringConvertible {
    /// The PBKDF2 iteration count.
    public let iterations: Int
    /// The random salt, 16 bytes.
    public let salt: [UInt8]
    /// The derived 32 bytes.
    public let derived: [UInt8]

    /// The iteration count for new secrets (OWASP's 2023 advice for PBKDF2-HMAC-SHA256).
    public static let defaultIterations = 600_000
    /// The fewest iterations accepted from a stored hash; lower counts are for tests only.
    public static let minimumIterations = 1_000

    /// Hashes `secret` with a fresh random salt.
    public init(secret: String, iterations: Int = SecretHash.defaultIterations) throws(SecurityError) {
        let salt = SecureRandom.bytes(16)
        self.iterations = iterations
        self.salt = salt
        self.derived = try SecretHash.derive(secret, salt: salt, iterations: iterations)
    }

    /// Reads the stored form, or returns nil.
    public init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]),
            (SecretHash.minimumIterations...100_000_000).contains(iterations),
            let salt = Hex.decode(parts[2]), salt.count >= 16, let derived = Hex.decode(parts[3]), derived.count == 32
        else { return nil }
        self.iterations = iterations
        self.salt = salt
        self.derived = derived
    }

    /// The stored form.
    public var encoded: String { "pbkdf2-sha256$\(iterations)$\(Hex.encode(salt))$\(Hex.encode(derived))" }

    /// The stored form (it holds no secret).
    public var description: String { encoded }

    /// Whether `secret` is the one hashed; the comparison takes the same time wherever the bytes differ.
    public func matches(_ secret: String) -> Bool {
        guard let candidate = try? SecretHash.derive(secret, salt: salt, iterations: iterations) else { return false }
        return SecureRandom.constantTimeEquals(candidate, derived)
    }

    static func derive(_ secret: String, salt: [UInt8], iterations: Int) throws(SecurityError) -> [UInt8] {
        let password = Array(secret.utf8)
        var out = [UInt8](repeating: 0, count: 32)
        let ok = password.withUnsafeBufferPointer { passwordBytes in
            passwordBytes.withMemoryRebound(to: CChar.self) { passwordChars in
                PKCS5_PBKDF2_HMAC(
                    passwordChars.baseAddress, Int32(password.count), salt, Int32(salt.count), Int32(iterations),
                    EVP_sha256(), 32, &out)
            }
        }
        guard ok == 1 else { throw .crypto("PKCS5_PBKDF2_HMAC") }
        return out
    }
}
