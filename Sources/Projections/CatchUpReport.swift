import EventLog
import EventModel

/// CatchUpReport says what one `catchUp` or `rebuild` did: the work is counted, not timed.
public struct CatchUpReport: Sendable, Hashable {
    /// Region events offered to the fold (valid or not).
    public var folded = 0
    /// Of those, events the catalog did not judge valid here, so no view changed.
    public var skipped = 0
    /// Events stored flagged by the log, never offered to the fold.
    public var flagged = 0
    /// Rows of view state inserted or deleted: proportional to the events folded, never to the log.
    public var rowWrites = 0
    /// Transactions committed, one per batch.
    public var batches = 0
    /// The checkpoint reached: the last insertion id of the log folded.
    public var checkpoint: Int64 = 0

    /// An empty report.
    public init() {}

    /// Counts `stored` as the views count it and returns the slots it folds into, or nil when it folds into none.
    ///
    /// Other channels are not counted (case data never enters the regional views), a flagged event counts as
    /// flagged, and of the rest an event of a forked chain from its cutoff on, or one the catalog does not judge
    /// valid, counts as skipped. The incremental fold and the rebuild both admit events here, so they agree. Where
    /// `trust` vouches for the log's stored verdict, the catalog does not judge the event again.
    mutating func admit(
        _ stored: StoredEvent, cutoffs: [ChainKey: Int64], trust: VerdictTrust, probe: inout SlotProbe
    ) -> [ViewSlot]? {
        guard offers(stored, cutoffs: cutoffs) else { return nil }
        return judged(probe.slots(of: stored.event, verdict: trust.verdict(of: stored)))
    }

    /// `admit` for an event whose payload is still `payload`, its bytes: where `trust` vouches for the
    /// event and the Domain names its registers from the bytes, no payload tree is made; otherwise the payload is
    /// parsed (throwing as reading the row would have) and the event admitted as `admit` does.
    mutating func admit(
        _ stored: StoredEvent, payload: PayloadBytes, cutoffs: [ChainKey: Int64], trust: VerdictTrust,
        probe: inout SlotProbe
    ) throws -> [ViewSlot]? {
        guard offers(stored, cutoffs: cutoffs) else { return nil }
        let verdict = trust.verdict(of: stored)
        if case .valid? = verdict, let slots = probe.slots(ofValid: stored.event, payload: payload) { return slots }
        return judged(probe.slots(of: try stored.parsingPayload().event, verdict: verdict))
    }

    /// Counts `stored` up to its judging: whether it is offered to the views at all (a region event, not flagged,
    /// not of a forked chain from its cutoff on).
    private mutating func offers(_ stored: StoredEvent, cutoffs: [ChainKey: Int64]) -> Bool {
        let event = stored.event
        guard event.channel == .region else { return false }
        guard stored.flag == nil else {
            flagged += 1
            return false
        }
        folded += 1
        if !cutoffs.isEmpty, let cutoff = cutoffs[ChainKey(channel: event.channel, origin: event.origin)],
            event.seq >= cutoff
        {
            skipped += 1
            return false
        }
        return true
    }

    /// Counts a probe's answer: nil (the catalog does not judge the event valid) is skipped.
    private mutating func judged(_ slots: [ViewSlot]?) -> [ViewSlot]? {
        if slots == nil { skipped += 1 }
        return slots
    }
}

/// ProjectionStatus is what the store holds: its checkpoint and the counts of events since the last rebuild.
public struct ProjectionStatus: Sendable, Hashable {
    /// The last insertion id of the log folded.
    public let checkpoint: Int64
    /// Region events offered to the fold.
    public let folded: Int64
    /// Of those, events skipped because this node's catalog does not judge them valid.
    public let skipped: Int64
    /// Events stored flagged by the log and skipped.
    public let flagged: Int64
}
