/// IngestRules decide what happens to an event offered to a log, as a pure function of the event and
/// of what the log holds of its chain. The SQLite log and the in-memory model in the tests both
/// obey these, so the rules are tested once, without I/O.
public enum IngestRules {
    /// What the log holds of one chain, as far as the rules need to know.
    public struct ChainState: Sendable, Hashable {
        /// The head of the chain; `ChainHead.empty` when none is held.
        public var head: ChainHead
        /// Set when the chain is quarantined after a fork: nothing more is accepted from it.
        public var forkedAt: Int64?

        /// Describes a chain.
        public init(head: ChainHead = .empty, forkedAt: Int64? = nil) {
            self.head = head
            self.forkedAt = forkedAt
        }
    }

    /// The context of a decision besides the chain.
    public struct Context: Sendable {
        /// The wall clock now, in milliseconds.
        public var physicalMillis: Int64
        /// How far ahead of `physicalMillis` an event's HLC may be.
        public var maximumDriftMillis: Int64
        /// The channels the receiving node may hold; nil when it may hold every channel.
        public var readableChannels: Set<Channel>?
        /// The receiving node's own origin: nobody else may extend its chains.
        public var ownOrigin: Origin?

        /// Describes the context.
        public init(
            physicalMillis: Int64, maximumDriftMillis: Int64 = 600_000,
            readableChannels: Set<Channel>? = nil, ownOrigin: Origin? = nil
        ) {
            self.ownOrigin = ownOrigin
            self.physicalMillis = physicalMillis
            self.maximumDriftMillis = maximumDriftMillis
            self.readableChannels = readableChannels
        }
    }

    /// Decides the fate of `event`.
    ///
    /// - Parameters:
    ///   - state: what the log holds of the event's chain.
    ///   - storedHash: the hash the log holds at a sequence at or below the head.
    ///   - hasValidHash: the hash check when already made (`OfferedEvent`); made here when nil.
    ///   - verdict: the content validator's judgement, asked only when the event would be appended.
    public static func decide(
        _ event: Event, state: ChainState, context: Context, storedHash: (Int64) -> EventHash?,
        hasValidHash: Bool? = nil, verdict: () -> ContentVerdict
    ) -> IngestOutcome {
        guard hasValidHash ?? event.hasValidHash else { return .refused(.badHash) }
        guard event.channel.isReadable(byMunicipality: event.municipality) else {
            return .refused(.channelNotAllowed("origin of municipality \(event.municipality) may not write \(event.channel)"))
        }
        guard context.readableChannels?.contains(event.channel) ?? true else {
            return .refused(.channelNotAllowed("this node may not hold \(event.channel)"))
        }
        if event.seq <= state.head.seq {
            guard let held = storedHash(event.seq) else { return .refused(.brokenChain("no event held at seq \(event.seq)")) }
            return held == event.hash ? .duplicate : .fork(kept: held)
        }
        if let forkedAt = state.forkedAt { return .refused(.originForked(at: forkedAt)) }
        if event.origin == context.ownOrigin {
            return .refused(.brokenChain("only this node extends its own chain, and it holds up to seq \(state.head.seq)"))
        }
        guard event.seq == state.head.seq + 1 else { return .refused(.gap(held: state.head.seq)) }
        guard event.previous == state.head.hash else { return .refused(.brokenChain("prev does not match the hash at seq \(state.head.seq)")) }
        if let drift = HybridClock.excessDrift(
            of: event.hlc, physicalMillis: context.physicalMillis, maximumDrift: context.maximumDriftMillis)
        {
            return .deferred(aheadMillis: drift)
        }
        let judgement = verdict()
        return judgement.isValid ? .appended : .appendedFlagged(judgement.reason ?? "invalid content")
    }
}

/// IngestOutcome is what happened to one offered event.
public enum IngestOutcome: Sendable, Hashable, CustomStringConvertible {
    /// Stored; the views fold it.
    case appended
    /// Stored and relayed, but the views skip it: this node cannot use its content.
    case appendedFlagged(String)
    /// Already held with the same hash; nothing changed.
    case duplicate
    /// Another event is held at this place; the held one is kept, both are stored as a proof, and the
    /// origin's chain accepts nothing more.
    case fork(kept: EventHash)
    /// Not stored now: its HLC lies further ahead of this node's clock than allowed. Retried later.
    case deferred(aheadMillis: Int64)
    /// Not stored; the chain stops here until a valid event arrives.
    case refused(IngestRefusal)

    /// Whether the event is (now or already) held as offered.
    public var isHeld: Bool {
        switch self {
        case .appended, .appendedFlagged, .duplicate: true
        default: false
        }
    }

    /// A short machine-readable word: appended, flagged, duplicate, fork, deferred, refused.
    public var kind: String {
        switch self {
        case .appended: "appended"
        case .appendedFlagged: "flagged"
        case .duplicate: "duplicate"
        case .fork: "fork"
        case .deferred: "deferred"
        case .refused: "refused"
        }
    }

    /// A sentence with the reason.
    public var description: String {
        switch self {
        case .appended: "appended"
        case .appendedFlagged(let reason): "stored but flagged: \(reason)"
        case .duplicate: "duplicate, ignored"
        case .fork(let kept): "fork: another event (\(kept.short)) is held at this place; both kept as proof"
        case .deferred(let ahead): "deferred: its clock is \(ahead / 1000) s ahead of this node's; retry later"
        case .refused(let refusal): "refused: \(refusal)"
        }
    }
}

/// IngestRefusal says why an authentic-looking event was not accepted.
public enum IngestRefusal: Sendable, Hashable, CustomStringConvertible {
    /// The envelope is malformed; names the field.
    case malformed(EnvelopeError)
    /// The hash is not the SHA-256 of the canonical encoding.
    case badHash
    /// `prev` does not match the held chain.
    case brokenChain(String)
    /// The sequence skips events not held here.
    case gap(held: Int64)
    /// The origin may not write this channel, or this node may not hold it.
    case channelNotAllowed(String)
    /// The origin's chain is quarantined after a fork at `at`.
    case originForked(at: Int64)

    /// A short stable word for metrics and logs: malformed, bad_hash, broken_chain, gap, channel, forked.
    public var code: String {
        switch self {
        case .malformed: "malformed"
        case .badHash: "bad_hash"
        case .brokenChain: "broken_chain"
        case .gap: "gap"
        case .channelNotAllowed: "channel"
        case .originForked: "forked"
        }
    }

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .malformed(let error): "malformed envelope: \(error)"
        case .badHash: "hash does not match the event's canonical encoding"
        case .brokenChain(let detail): "broken chain: \(detail)"
        case .gap(let held): "gap: this node holds the chain up to seq \(held) only"
        case .channelNotAllowed(let detail): "channel not allowed: \(detail)"
        case .originForked(let seq): "origin forked at seq \(seq); nothing more is accepted from it"
        }
    }
}
