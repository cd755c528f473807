import EventModel

/// HeadVerifier checks a batch of one chain's events against the signed heads that came with it.
///
/// Events are accepted only up to the highest head whose signature holds under the origin's enrolled
/// key and whose hash the events chain up to. Valid events past that head wait for the next batch (they
/// are not refused); the first broken rule stops the chain there, with a reason that names positions
/// and never content.
public struct HeadVerifier: Sendable {
    /// Who may write what.
    public let trust: TrustState

    /// A verifier under `trust`.
    public init(trust: TrustState) { self.trust = trust }

    /// What the verifier reads of one event: its links, whether its claimed hash holds, and whether it belongs to
    /// the chain verified.
    public struct Step: Sendable {
        /// The event's place and links.
        public let link: ChainLink
        /// Whether the claimed hash is the SHA-256 of the event's canonical encoding.
        public let hasValidHash: Bool
        /// Whether the event names the chain verified (channel and origin).
        public let inChain: Bool

        /// Describes a step.
        public init(link: ChainLink, hasValidHash: Bool, inChain: Bool = true) {
            self.link = link
            self.hasValidHash = hasValidHash
            self.inChain = inChain
        }
    }

    /// Verifies `events` (one chain, in seq order, continuing `held`) against `heads`.
    ///
    /// - Parameter heldHead: the signed head this node already holds at a seq, if any; a received
    ///   head at or below `held` that disagrees with it yields a fork proof.
    /// - Parameter validHashes: whether each event's claimed hash is its SHA-256, when already found out
    ///   (`OfferedEvent.hasValidHash`, taken off the log's queue); nil to hash each event here. A received
    ///   event was hashed twice on a secured node, 15 % of catching up.
    public func verify(
        chain: ChainKey, held: ChainHead, events: [Event], heads: [SignedHead],
        heldHead: (Int64) -> SignedHead? = { _ in nil }, validHashes: [Bool]? = nil
    ) -> HeadVerification {
        precondition(validHashes == nil || validHashes?.count == events.count, "one hash verdict per event")
        let steps = events.indices.map { position in
            let event = events[position]
            return Step(
                link: ChainLink(seq: event.seq, hash: event.hash, previous: event.previous, municipality: event.municipality),
                hasValidHash: validHashes?[position] ?? event.hasValidHash,
                inChain: event.channel == chain.channel && event.origin == chain.origin)
        }
        return verify(chain: chain, held: held, steps: steps, heads: heads, heldHead: heldHead)
    }

    /// Verifies one chain's events, given by their `steps` (in seq order, continuing `held`), against `heads`.
    /// A secured node's ingest passes steps taken from its offered events, not copies of the events.
    public func verify(
        chain: ChainKey, held: ChainHead, steps: [Step], heads: [SignedHead],
        heldHead: (Int64) -> SignedHead? = { _ in nil }
    ) -> HeadVerification {
        var result = HeadVerification(acceptedThrough: held.seq)
        guard let key = trust.key(of: chain.origin) else {
            let decision = trust.authorize(origin: chain.origin, channel: chain.channel, seq: held.seq + 1)
            let reason: TrustRefusal =
                if case .refused(let refusal) = decision { refusal } else { .unknownOrigin(chain.origin) }
            result.refusal = HeadRefusal(seq: held.seq + 1, reason: .untrusted(reason))
            return result
        }
        let authorization = trust.authorization(origin: chain.origin, key: key, channel: chain.channel)
        // Walk the events: each must be authentic, linked, and allowed at its position. Those that pass are
        // contiguous from held.seq + 1, so the step of seq s is steps[s - held.seq - 1].
        var lastGood = held.seq
        var previous = held.hash
        var eventRefusal: HeadRefusal?
        for step in steps {
            let expected = lastGood + 1
            if let reason = check(step, expected: expected, previous: previous, authorization: authorization) {
                eventRefusal = HeadRefusal(seq: expected, reason: reason)
                break
            }
            previous = step.link.hash
            lastGood = step.link.seq
        }
        // Walk the heads: the highest one that verifies and matches the events covers them.
        for head in heads.filter({ $0.chain == chain }).sorted(by: { $0.head.seq < $1.head.seq }) {
            if head.head.seq <= held.seq {
                if let mine = heldHead(head.head.seq), let proof = ForkProof(mine, head),
                    proof.verify(key: key, region: trust.region)
                {
                    result.forkProof = proof
                }
                continue
            }
            guard head.head.seq <= lastGood else { continue }
            guard head.isSigned(by: key, region: trust.region) else {
                result.refusal = HeadRefusal(
                    seq: result.acceptedThrough + 1, reason: .badSignature(headSeq: head.head.seq))
                break
            }
            guard steps[Int(head.head.seq - held.seq - 1)].link.hash == head.head.hash else {
                result.refusal = HeadRefusal(
                    seq: result.acceptedThrough + 1, reason: .headMismatch(headSeq: head.head.seq))
                break
            }
            result.acceptedThrough = head.head.seq
            result.verifiedHead = head
        }
        if result.refusal == nil { result.refusal = eventRefusal }
        if result.refusal == nil || result.refusal == eventRefusal {
            result.awaitingHead = lastGood - result.acceptedThrough
        }
        return result
    }

    private func check(_ step: Step, expected: Int64, previous: EventHash, authorization: ChainAuthorization)
        -> HeadRefusal.Reason?
    {
        guard step.inChain else { return .wrongChain }
        guard step.link.seq == expected else { return .gap(found: step.link.seq) }
        guard step.hasValidHash else { return .hashMismatch }
        guard step.link.previous == previous else { return .brokenChain }
        switch authorization.decision(seq: step.link.seq) {
        case .refused(let refusal): return .untrusted(refusal)
        case .allowed(let municipality):
            guard step.link.municipality == municipality else {
                return .municipalityMismatch(claimed: step.link.municipality, enrolled: municipality)
            }
        }
        return nil
    }
}

/// HeadVerification is what a batch of one chain earned.
public struct HeadVerification: Sendable, Hashable {
    /// Events with seq up to this are covered by a verified head (the held seq when none are).
    public var acceptedThrough: Int64
    /// The highest verified head of the batch, to store and relay with the events.
    public var verifiedHead: SignedHead?
    /// The first refusal; the chain stops at its seq.
    public var refusal: HeadRefusal?
    /// Authentic events past `acceptedThrough` still waiting for a head (not refused).
    public var awaitingHead: Int64 = 0
    /// Set when a received head disagrees with a held signed head at the same seq.
    public var forkProof: ForkProof?

    /// Describes a result.
    public init(acceptedThrough: Int64) { self.acceptedThrough = acceptedThrough }
}

/// HeadRefusal is why a chain stops at `seq`.
public struct HeadRefusal: Sendable, Hashable, CustomStringConvertible {
    /// Why.
    public enum Reason: Sendable, Hashable {
        /// The origin is unknown, revoked, conflicting, or may not use the channel.
        case untrusted(TrustRefusal)
        /// The event's hash is not the SHA-256 of its canonical encoding: altered on the way.
        case hashMismatch
        /// `prev` does not name the previous event's hash.
        case brokenChain
        /// The batch skips to another seq.
        case gap(found: Int64)
        /// An event of another chain was in the batch.
        case wrongChain
        /// The event claims a municipality other than the one its origin is enrolled for.
        case municipalityMismatch(claimed: MunicipalityCode, enrolled: MunicipalityCode)
        /// A head's signature does not hold under the origin's enrolled key.
        case badSignature(headSeq: Int64)
        /// A validly signed head names another hash than the events: altered, or the origin forked.
        case headMismatch(headSeq: Int64)
    }

    /// The first seq not accepted.
    public let seq: Int64
    /// Why.
    public let reason: Reason

    /// Describes a refusal.
    public init(seq: Int64, reason: Reason) {
        self.seq = seq
        self.reason = reason
    }

    /// A sentence naming positions, never content.
    public var description: String {
        let why =
            switch reason {
            case .untrusted(let refusal): refusal.description
            case .hashMismatch: "hash does not match the canonical encoding (altered payload)"
            case .brokenChain: "prev does not match the previous event's hash"
            case .gap(let found): "expected this seq, found seq \(found)"
            case .wrongChain: "an event of another chain is in the batch"
            case .municipalityMismatch(let claimed, let enrolled):
                "the event claims municipality \(claimed) but its origin is enrolled for \(enrolled)"
            case .badSignature(let headSeq): "bad signature on the head at seq \(headSeq)"
            case .headMismatch(let headSeq): "the signed head at seq \(headSeq) names another hash (altered or forked)"
            }
        return "refused from seq \(seq): \(why)"
    }
}
