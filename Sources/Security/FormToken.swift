import CCrypto

/// FormToken makes and checks the anti-forgery tokens of the web forms: `EXPIRY.MAC`, where MAC is
/// HMAC-SHA256 (libcrypto) with a per-node random secret over the signed-in user's name and the expiry.
///
/// A form made for one user does not validate for another, an expired one does not validate, and a page on
/// another site cannot make one, since the secret never leaves the node.
public struct FormToken: Sendable {
    private let secret: [UInt8]
    /// How long a token is valid, in seconds.
    public let lifetime: Int64

    /// A token maker with `secret` (32 random bytes by default, kept in memory).
    public init(secret: [UInt8] = SecureRandom.bytes(32), lifetime: Int64 = 12 * 3600) {
        self.secret = secret
        self.lifetime = lifetime
    }

    /// A token for `user`, valid `lifetime` seconds from `now` (seconds since 1970).
    public func issue(for user: String, now: Int64) -> String {
        let expiry = now + lifetime
        return "\(expiry).\(Hex.encode(mac(user: user, expiry: expiry)))"
    }

    /// Whether `token` was issued by this maker for `user` and has not expired at `now`.
    public func isValid(_ token: String, for user: String, now: Int64) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let expiry = Int64(parts[0]), expiry >= now, expiry <= now + lifetime,
            let given = Hex.decode(String(parts[1]))
        else { return false }
        return SecureRandom.constantTimeEquals(given, mac(user: user, expiry: expiry))
    }

    /// HMAC-SHA256 over the user's name (length-prefixed, so no two pairs share a message) and the expiry.
    func mac(user: String, expiry: Int64) -> [UInt8] {
        let name = Array(user.utf8)
        let message = Array("samverkan-form\n\(name.count)\n".utf8) + name + Array("\n\(expiry)".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        var length = 0
        let ok = secret.withUnsafeBytes { key in
            message.withUnsafeBytes { data in
                out.withUnsafeMutableBytes { buffer in
                    EVP_Q_mac(
                        nil, "HMAC", nil, "SHA256", nil, key.baseAddress, key.count,
                        data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count,
                        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), 32, &length)
                }
            }
        }
        precondition(ok != nil && length == 32, "libcrypto's HMAC failed")
        return out
    }
}
