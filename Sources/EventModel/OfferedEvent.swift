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
    /// The event's sequence number and claimed hash; nil when it is malformed. (A puller's bookkeeping reads
    /// these per event; copying the whole event out of the array for them retained every field.)
    public let head: ChainHead?

    /// Reads `wire` and judges it with `validator`.
    public init(wire: JSONValue, validator: any ContentValidator) {
        self.init(envelope: WireEnvelope(wire: wire), validator: validator)
    }

    /// Reads an envelope (a wire form sorted into its fields) and judges it with `validator`.
    public init(envelope: WireEnvelope, validator: any ContentValidator) {
        do throws(EnvelopeError) {
            self.init(event: try Event(envelope: envelope), validator: validator)
        } catch {
            self.init(decoded: .failure(error), hasValidHash: false, verdict: nil, chain: envelope.chain, head: nil)
        }
    }

    /// Judges an event already read.
    public init(event: Event, validator: any ContentValidator) {
        let hasValidHash = event.hasValidHash
        self.init(
            decoded: .success(event), hasValidHash: hasValidHash,
            verdict: hasValidHash ? validator.verdict(for: event.content) : nil,
            chain: ChainKey(channel: event.channel, origin: event.origin), head: ChainHead(seq: event.seq, hash: event.hash))
    }

    private init(
        decoded: Result<Event, EnvelopeError>, hasValidHash: Bool, verdict: ContentVerdict?, chain: ChainKey?, head: ChainHead?
    ) {
        self.chain = chain
        self.head = head
        self.decoded = decoded
        self.hasValidHash = hasValidHash
        self.verdict = verdict
    }
}
