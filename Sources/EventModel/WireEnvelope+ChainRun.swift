extension WireEnvelope {
    /// ChainRun is a run of a page's envelopes of one chain with consecutive sequence numbers: where a puller
    /// expects that chain to stand once the page is stored.
    public struct ChainRun: Sendable, Equatable {
        /// The chain.
        public let chain: ChainKey
        /// The sequence number of the run's first envelope.
        public let first: Int64
        /// The sequence number of its last envelope.
        public let last: Int64
        /// The hash its last envelope claims.
        public let hash: EventHash
    }

    /// The runs of one chain in `envelopes`, in order; nil when an envelope's chain or seq, or the hash of a run's
    /// last envelope, cannot be read, or a run skips a sequence number. What the envelopes claim, not judged: a
    /// puller asks ahead with it, and drops the answer unless the page turns out as claimed.
    ///
    /// A run's chain is read once: an envelope of a page whose channel and origin are the same text entries as
    /// the one before (`entries`) is of the same chain, which saves reading an origin per event.
    public static func chainRuns(of envelopes: [WireEnvelope]) -> [ChainRun]? {
        var runs: [ChainRun] = []
        var chain: ChainKey?
        var first: Int64 = 0
        var last: Int64 = 0
        var lastIndex = 0
        func close() -> Bool {
            guard let chain else { return true }
            guard
                let hash = envelopes[lastIndex].hexHash(.hash)
                    ?? envelopes[lastIndex][.hash]?.stringValue.flatMap({ EventHash(hex: $0) })
            else {
                return false
            }
            runs.append(ChainRun(chain: chain, first: first, last: last, hash: hash))
            return true
        }
        for index in envelopes.indices {
            // Fields read where the envelopes lie: copying two envelopes per event retained and released all
            // their fields.
            guard let seq = envelopes[index][.seq]?.int64Value else { return nil }
            let entries = envelopes[index].entries
            let sameTexts =
                chain != nil && index > 0 && envelopes[index - 1].page != nil
                && envelopes[index - 1].page === envelopes[index].page && entries.channel != 0 && entries.origin != 0
                && envelopes[index - 1].entries.channel == entries.channel
                && envelopes[index - 1].entries.origin == entries.origin
            if !sameTexts {
                guard let key = envelopes[index].chain else { return nil }
                if key != chain {
                    guard close() else { return nil }
                    chain = key
                    first = seq
                    last = seq
                    lastIndex = index
                    continue
                }
            }
            guard seq == last &+ 1 else { return nil }
            last = seq
            lastIndex = index
        }
        guard close() else { return nil }
        return runs
    }
}
