import EventLog
import EventModel

/// VerdictTrust says which events the views may take as valid on the log's word, without judging them again.
///
/// The log stores a verdict per event (`events.flag`: nil when valid; the views never fold a flagged event) and
/// records which rules made the verdicts from which insertion id on (`EventLog.verdictSegments`). A stored
/// "valid" is the views' own verdict when the rules that made it judge the event's type as the views' catalog
/// does: a verdict depends on the event's content and the rules alone. So an event is trusted when
///
/// * its insertion id lies in a segment whose fingerprint is that of the log's current validator (the rules
///   that made the verdict are the rules at hand, so they can be compared type by type), and
/// * its type is one the views' catalog declares, with the same fingerprint in that validator and the catalog.
///
/// Everything else — events stored before segments were recorded, under other rules (an upgrade, a tool with
/// other rules), of types the catalog lacks or judges differently — is judged again, as without the trust.
struct VerdictTrust {
    /// Insertion ids whose verdicts the log's current rules made, in order.
    private let ranges: [ClosedRange<Int64>]
    /// Types on which those rules and the views' catalog judge alike: a short list, compared by `EventType`'s
    /// digest, where a `Set` hashed the type for every event (≈ 400 instructions a rebuild's event).
    private let types: [EventType]

    /// Trusts nothing: every event is judged.
    static let none = VerdictTrust(ranges: [], types: [])

    private init(ranges: [ClosedRange<Int64>], types: [EventType]) {
        self.ranges = ranges
        self.types = types
    }

    /// The trust for events of `log` up to insertion id `end`, read after `end` was: a segment covering an event
    /// commits with that event, so every segment up to `end` is listed.
    init(log: EventLog, catalog: EventCatalog, through end: Int64) throws {
        guard let current = log.validator.rulesFingerprint else {
            self = .none
            return
        }
        let segments = try log.verdictSegments()
        let ends = segments.dropFirst().map { $0.start - 1 } + [end]
        ranges = zip(segments, ends).compactMap { segment, last in
            let last = min(last, end)
            return segment.fingerprint == current && segment.start <= last ? segment.start...last : nil
        }
        types = catalog.typeFingerprints.compactMap { type, fingerprint in
            log.validator.rulesFingerprint(for: type) == fingerprint ? type : nil
        }
    }

    /// The catalog's verdict of `stored`, an unflagged event, when the log's stored verdict stands for it; else nil.
    func verdict(of stored: StoredEvent) -> ContentVerdict? {
        guard !ranges.isEmpty, stored.flag == nil, ranges.contains(where: { $0.contains(stored.insertionID) }),
            Self.contains(types, stored.event.type)
        else { return nil }
        return .valid
    }

    /// Whether `types` holds `type`, compared where they lie (iterating the array copied each entry).
    private static func contains(_ types: [EventType], _ type: EventType) -> Bool {
        types.withUnsafeBufferPointer { types in types.contains { $0 == type } }
    }
}
