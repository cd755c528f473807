import EventModel

/// HeadSigner decides when a node signs the heads of its own chains: lazily, so a local append never
/// waits on a signature.
///
/// A head is signed (1) before events past the last signed head are served, (2) once 256 events or
/// 256 KiB have been appended since the last signature, and (3) always at every multiple of 256, so two
/// branches of a forked chain are likely to hold signed heads at the same seq: a transferable proof.
/// The policy is a pure value; the node keeps one, feeds it appends and serves, and signs when told.
public struct HeadSigner: Sendable, Hashable {
    /// Sign at least every this many events.
    public let maximumEvents: Int64
    /// Sign at least every this many bytes of canonical events.
    public let maximumBytes: Int

    private var lastSigned: [ChainKey: Int64] = [:]
    private var unsignedBytes: [ChainKey: Int] = [:]

    /// A policy with the given bounds (256 events, 256 KiB by default).
    public init(maximumEvents: Int64 = 256, maximumBytes: Int = 256 << 10) {
        self.maximumEvents = maximumEvents
        self.maximumBytes = maximumBytes
    }

    /// Remembers a head already signed (at start, from the stored heads).
    public mutating func recordSigned(_ chain: ChainKey, seq: Int64) {
        if seq >= lastSigned[chain] ?? 0 {
            lastSigned[chain] = seq
            unsignedBytes[chain] = 0
        }
    }

    /// The seq of the last head signed in `chain`, 0 when none.
    public func lastSignedSeq(_ chain: ChainKey) -> Int64 { lastSigned[chain] ?? 0 }

    /// Records an appended event of this node; true when its head should be signed now (after the commit).
    public mutating func recordAppend(_ chain: ChainKey, seq: Int64, bytes: Int) -> Bool {
        let bytesNow = (unsignedBytes[chain] ?? 0) + bytes
        unsignedBytes[chain] = bytesNow
        return seq % maximumEvents == 0 || seq - lastSignedSeq(chain) >= maximumEvents || bytesNow >= maximumBytes
    }

    /// Whether the head at `headSeq` must be signed before events of `chain` are served.
    public func mustSignBeforeServing(_ chain: ChainKey, headSeq: Int64) -> Bool { headSeq > lastSignedSeq(chain) }
}

/// BatchCut chooses where a page of one chain may end so that a signed head covers it.
public enum BatchCut {
    /// The last seq to serve after `held` when the page would end at `wanted`, given the seqs of the
    /// signed heads held for the chain: the highest head in (held, wanted], else the lowest head past
    /// `wanted` (a page always holds at least one head interval), else nil (nothing servable yet).
    public static func end(after held: Int64, wanted: Int64, headSeqs: [Int64]) -> Int64? {
        let candidates = headSeqs.filter { $0 > held }
        if let within = candidates.filter({ $0 <= wanted }).max() { return within }
        return candidates.min()
    }
}
