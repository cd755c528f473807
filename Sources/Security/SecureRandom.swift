import CCrypto

/// SecureRandom draws bytes from libcrypto's CSPRNG, for salts, nonces and keys.
public enum SecureRandom {
    /// `count` random bytes; stops the process if the generator fails, since nothing safe can follow.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "libcrypto's random generator failed")
        return out
    }

    /// Compares two byte strings in time independent of where they differ (CRYPTO_memcmp).
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, lhs.count) == 0 }
        }
    }
}
