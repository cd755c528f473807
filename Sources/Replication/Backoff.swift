/// Backoff spaces retries to a peer that is away: exponential, capped, with jitter so five nodes
/// that lost the same peer do not all call it again in the same instant.
public struct Backoff: Sendable, Equatable {
    /// The first delay, in milliseconds.
    public var baseMillis: Int
    /// The longest delay, in milliseconds.
    public var capMillis: Int

    /// Describes a backoff.
    public init(baseMillis: Int = 500, capMillis: Int = 30_000) {
        self.baseMillis = baseMillis
        self.capMillis = capMillis
    }

    /// The delay before retry number `failures` (from 1): `base × 2^(failures−1)`, capped, then scaled
    /// by a factor in [0.5, 1) drawn from `random`.
    public func delayMillis(afterFailures failures: Int, using random: inout some RandomNumberGenerator) -> Int {
        guard failures > 0 else { return 0 }
        let exponent = min(failures - 1, 30)
        let full = min(capMillis, baseMillis << exponent)
        return full / 2 + Int.random(in: 0..<max(1, full - full / 2), using: &random)
    }
}
