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
        let event = stored.event
        guard event.channel == .region else { return nil }
        guard stored.flag == nil else {
            flagged += 1
            return nil
        }
        folded += 1
        if !cutoffs.isEmpty, let cutoff = cutoffs[ChainKey(channel: event.channel, origin: event.origin)],
            event.seq >= cutoff
        {
            skipped += 1
            return nil
        }
        guard let slots = probe.slots(of: event, verdict: trust.verdict(of: stored)) else {
            skipped += 1
            return nil
        }
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
