/// OfferedEvent is an event offered by a peer, read and judged as far as that needs no log.
///
/// Decoding the wire form, checking the claimed hash and the content's verdict depend on the event
/// alone, so they run on any thread before the log's serial queue: a replication target does them for
/// the next page while the last one is stored, and pushes do them on their connection's thread. The
/// ingest rules then use these results instead of computing them again under the lock.
public struct OfferedEvent: Sendable {
    /// The event, or why its wire form is malformed.
    public let decoded: Result<Event, EnvelopeError>
    /// Whether the claimed hash is the SHA-256 of the canonical encoding (false when malformed).
    public let hasValidHash: Bool
    /// The content's verdict, taken only for an event with a valid hash (nil otherwise).
    public let verdict: ContentVerdict?
    /// The chain the event names, also when it is malformed but its channel and origin can be read.
    public let chain: ChainKey?
    /// The event's place and links in its chain; nil when it is malformed. (A puller's bookkeeping and a secured
    /// node's head verification read these per event; copying the whole event out of the array for them retained
    /// every field.)
    public let link: ChainLink?
    /// Whether the event is a `trust.*` statement, which a secured node folds before the rest of its batch.
    public let isTrustStatement: Bool

    /// The event's sequence number and claimed hash; nil when it is malformed.
    public var head: ChainHead? { link.map { ChainHead(seq: $0.seq, hash: $0.hash) } }

    /// Reads `wire` and judges it with `validator`.
    public init(wire: JSONValue, validator: any ContentValidator) {
        self.init(envelope: WireEnvelope(wire: wire), validator: validator)
    }

    /// Reads an envelope (a wire form sorted into its fields) and judges it with `validator`.
    public init(envelope: WireEnvelope, validator: any ContentValidator) {
        var recall = WireRecall()
        self.init(envelope: envelope, validator: validator, recalling: &recall)
    }

    /// Reads and judges the envelopes of a page, in order (see `WireRecall`).
    public static func judging(_ envelopes: [WireEnvelope], validator: any ContentValidator) -> [OfferedEvent] {
        var recall = WireRecall()
        var offered: [OfferedEvent] = []
        offered.reserveCapacity(envelopes.count)
        // Each envelope read where it lies: a copy retained and released every field of it (1,200 instructions).
        for index in envelopes.indices {
            offered.append(OfferedEvent(envelope: envelopes[index], validator: validator, recalling: &recall))
        }
        return offered
    }

    /// `init(envelope:validator:)` for one of many envelopes read in a row.
    ///
    /// The envelope is borrowed: an initializer takes its parameters owned, so every envelope of a page was copied,
    /// retaining and releasing all its fields (with `Event(envelope:)` borrowing too: 600 instructions an event).
    init(
        envelope: borrowing WireEnvelope, validator: borrowing any ContentValidator, recalling recall: inout WireRecall
    ) {
        do throws(EnvelopeError) {
            let event = try Event(envelope: envelope, recalling: &recall)
            // The digest of the received bytes is the digest of the event's canonical encoding (see
            // `JSONParser.parsePage`): the encoding need not be written again to check the claimed hash.
            assert(
                envelope.canonicalDigest == nil || envelope.canonicalDigest == EventHash.sha256(event.canonicalEncoding()),
                "the received bytes are not the event's canonical encoding")
            let hasValidHash = envelope.canonicalDigest.map { $0 == event.hash } ?? event.hasValidHash
            self.init(event: event, hasValidHash: hasValidHash, validator: validator)
        } catch {
            self.init(decoded: .failure(error), hasValidHash: false, verdict: nil, chain: envelope.chain, link: nil,
                isTrustStatement: false)
        }
    }

    /// Judges an event already read.
    public init(event: Event, validator: any ContentValidator) {
        self.init(event: event, hasValidHash: event.hasValidHash, validator: validator)
    }

    /// Judges an event already read whose hash verdict is known.
    private init(event: Event, hasValidHash: Bool, validator: borrowing any ContentValidator) {
        // Whether it is a trust statement is read here, from the event at hand: read from `decoded`, it was a copy
        // of the whole event (600 instructions).
        self.init(
            decoded: .success(event), hasValidHash: hasValidHash,
            verdict: hasValidHash ? validator.verdict(for: event.content) : nil,
            chain: ChainKey(channel: event.channel, origin: event.origin),
            link: ChainLink(seq: event.seq, hash: event.hash, previous: event.previous, municipality: event.municipality),
            isTrustStatement: event.type.rawValue.hasPrefix("trust."))
    }

    private init(
        decoded: Result<Event, EnvelopeError>, hasValidHash: Bool, verdict: ContentVerdict?, chain: ChainKey?, link: ChainLink?,
        isTrustStatement: Bool
    ) {
        self.chain = chain
        self.link = link
        self.isTrustStatement = isTrustStatement
        self.decoded = decoded
        self.hasValidHash = hasValidHash
        self.verdict = verdict
    }
}

extension OfferedEvent {
    /// The chains of `events` in order of first appearance, the indices of each chain's events in order, and the
    /// indices of the malformed events. A page is mostly long runs of one chain: a run's indices are gathered at
    /// hand and filed once, not looked up in the dictionary for every event.
    public static func chains(of events: [OfferedEvent]) -> (order: [ChainKey], groups: [ChainKey: [Int]], malformed: [Int]) {
        var order: [ChainKey] = []
        var groups: [ChainKey: [Int]] = [:]
        var malformed: [Int] = []
        var run: ChainKey?
        var runIndices: [Int] = []
        for index in events.indices {
            guard events[index].link != nil, let key = events[index].chain else {
                malformed.append(index)
                continue
            }
            if key != run {
                if let run { groups[run] = runIndices }
                if let filed = groups[key] {
                    runIndices = filed
                } else {
                    order.append(key)
                    runIndices = []
                }
                run = key
            }
            runIndices.append(index)
        }
        if let run { groups[run] = runIndices }
        return (order, groups, malformed)
    }
}

/// ChainLink is what binds an event into its chain: its place, its claimed hash, the hash it names before it,
/// and the municipality it claims to write for.
public struct ChainLink: Sendable, Hashable {
    /// The sequence number.
    public let seq: Int64
    /// The claimed hash.
    public let hash: EventHash
    /// The hash of the event at `seq - 1` it names.
    public let previous: EventHash
    /// The municipality it claims.
    public let municipality: MunicipalityCode

    /// Describes a link.
    public init(seq: Int64, hash: EventHash, previous: EventHash, municipality: MunicipalityCode) {
        self.seq = seq
        self.hash = hash
        self.previous = previous
        self.municipality = municipality
    }
}
