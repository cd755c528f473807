import EventModel

/// VerdictSegment says which rules judged the events a log stored from insertion id `start` on, up to the next
/// segment's start: the verdicts in `events.flag` and the validity of the log's own appends.
public struct VerdictSegment: Sendable, Hashable {
    /// The first insertion id of the segment.
    public let start: Int64
    /// The validator's `rulesFingerprint`; nil when it had none, so its verdicts are never reused.
    public let fingerprint: EventHash?

    /// Describes a segment.
    public init(start: Int64, fingerprint: EventHash?) {
        self.start = start
        self.fingerprint = fingerprint
    }
}

extension EventLog {
    /// The `node` row listing the segments, as `start:fingerprint` (`-` for none) separated by commas.
    static let verdictRulesKey = "verdict_rules"

    /// Which rules judged which stored events, oldest first; events before the first segment (stored before
    /// segments were recorded) were judged by rules nobody knows.
    ///
    /// A stored verdict depends on the event's content and the validator's rules alone (`ContentValidator`;
    /// forks, trust and refusals never set a flag), so the projections may take it instead of judging the event
    /// again where these rules equal theirs (see `ProjectionStore`'s `VerdictTrust`).
    ///
    /// Two things the segments take on trust: `ingest(offered:)` stores the verdicts its events carry, which must
    /// be this log's validator's (`offering`; every caller's are); and a release older than the segments, writing to
    /// the log after a newer one, would add its events to the newer one's segment (log schema 4, released with the
    /// segments, makes every older release refuse the file).
    public func verdictSegments() throws -> [VerdictSegment] {
        guard let text = try database.text("SELECT value FROM node WHERE key = ?", [Self.verdictRulesKey]) else {
            return []
        }
        var segments: [VerdictSegment] = []
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let start = Int64(parts[0]) else { return [] }
            let fingerprint = parts[1] == "-" ? nil : EventHash(hex: parts[1])
            guard fingerprint != nil || parts[1] == "-", start > (segments.last?.start ?? 0) else { return [] }
            segments.append(VerdictSegment(start: start, fingerprint: fingerprint))
        }
        return segments
    }

    /// Makes sure the last segment names this log's validator before an event is stored; the caller holds the
    /// write transaction, so no other writer stores an event between the segment's start and this one.
    ///
    /// Checked once per transaction (another process with other rules may have written in between), and on every
    /// insert outside one. The new segment starts after the highest id stored: `events.id` only grows.
    func noteVerdictRules() throws {
        if database.isInsideTransaction, verdictRulesNoted == database.transactionSerial { return }
        let own = validator.rulesFingerprint
        let segments = try verdictSegments()
        // No segment and no fingerprint need no row: events outside every segment are judged again anyway.
        if segments.last?.fingerprint != own {
            let start = (try database.int64("SELECT max(id) FROM events") ?? 0) + 1
            let all = segments + [VerdictSegment(start: start, fingerprint: own)]
            let text = all.map { "\($0.start):\($0.fingerprint?.hex ?? "-")" }.joined(separator: ",")
            try database.execute(
                "INSERT INTO node (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [Self.verdictRulesKey, text])
        }
        verdictRulesNoted = database.transactionSerial
    }
}
