import Domain
import EventLog
import EventModel

extension ProjectionStore {
    /// Drops the view state and folds the whole log again: in memory first, then written in one transaction.
    ///
    /// Every event the incremental path would fold goes into one `DomainViews`, in the log's order, and the
    /// same events are left out (other channels, flagged events, forked chains from their cutoff, events the
    /// catalog does not judge valid). The rows are then written once from the final state: one per live
    /// version of each register, decomposed from the views' canonical JSON as `ViewSlot` describes, plus the
    /// parents each versioned register has seen. Clearing, rows, counters and checkpoint commit together, so
    /// readers see the old views until the new ones are complete, and a crash leaves the old ones in place.
    /// The log is read `batchSize` events per page; `progress` is told after each page.
    @discardableResult
    public func rebuild(
        log: EventLog, batchSize: Int = ProjectionStore.defaultBatchSize, progress: ((CatchUpReport) -> Void)? = nil
    ) throws -> CatchUpReport {
        let cutoffs = try log.forkCutoffs()
        // Events stored while the rebuild reads are left to the next catch-up, from this checkpoint.
        let end = try log.lastInsertionID()
        var fold = FullFold(catalog: catalog, cutoffs: cutoffs)
        var from: Int64 = 0
        while from < end {
            let page = try log.changes(after: from, limit: max(1, batchSize))
            guard let last = page.last else { break }
            for stored in page where stored.insertionID <= end { fold.add(stored) }
            from = last.insertionID
            fold.report.checkpoint = min(from, end)
            progress?(fold.report)
        }
        var report = fold.report
        report.checkpoint = end
        report.batches = 1
        try database.inTransaction(.immediate) {
            try ProjectionSchema.clear(database)
            report.rowWrites = try writeRows(of: fold)
            try setMeta("checkpoint", end)
            try setMeta("folded", Int64(report.folded))
            try setMeta("skipped", Int64(report.skipped))
            try setMeta("flagged", Int64(report.flagged))
            try setMeta("forkSignature", Self.signature(of: cutoffs))
            for view in ViewName.allCases { try addMeta("generation.\(view)", 1) }
            // The views just folded are what reading the rows back would give: keep them for the next read.
            programmeCache = (try meta("generation.\(ViewName.programme)"), fold.views.programme)
            followUpCache = (try meta("generation.\(ViewName.followup)"), fold.views.followUp)
            meetingsCache = (try meta("generation.\(ViewName.meetings)"), fold.views.meetings)
        }
        forkCutoffs = cutoffs
        return report
    }

    /// Writes the live versions and superseded hashes of a finished fold, in key order; returns the rows written.
    private func writeRows(of fold: FullFold) throws -> Int {
        var rows = 0
        let insertHead = try database.cachedStatement(
            "INSERT INTO view_heads (view, section, item, hash, hlc, origin, event) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for view in ViewName.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            try ViewSlot.forEachRegister(of: view, in: fold.views.canonicalJSON(view)) { slot, versions in
                var heads: [Event] = []
                heads.reserveCapacity(versions.count)
                for version in versions {
                    guard let hex = version["version"]?["hash"]?.stringValue, let key = HashKey(hex: hex),
                        let event = fold.events[key]
                    else {
                        throw ProjectionError.corruptRow(
                            view: view.rawValue, reason: "a live version of \(slot.item) names no folded event")
                    }
                    heads.append(event)
                }
                // Primary-key order: each row lands at the right edge of the table's B-tree.
                heads.sort { $0.hash.bytes.lexicographicallyPrecedes($1.hash.bytes) }
                for event in heads {
                    try bindHead(event, wire: WireText.of(event), slot: slot, to: insertHead)
                    try insertHead.run()
                    rows += 1
                }
            }
        }
        let insertSuperseded = try database.cachedStatement(
            "INSERT INTO view_superseded (view, section, item, hash) VALUES (?, ?, ?, ?)")
        for row in fold.superseded.sorted() {
            try bind(row.slot, to: insertSuperseded)
            try insertSuperseded.bind(blob: row.hash.bytes, at: 4)
            try insertSuperseded.run()
            rows += 1
        }
        return rows
    }
}

/// FullFold is a rebuild's pass over the log: every visible event folded into one `DomainViews`.
///
/// It keeps each folded event by hash, because a row of `view_heads` holds the event's wire form and the
/// views keep only its stamp and payload; and, per versioned register, the hashes its events listed in
/// `parents`, which the incremental path needs to keep a late superseded version out of the heads.
struct FullFold {
    /// A hash a versioned register has seen listed in `parents`: one row of `view_superseded`.
    struct Superseded: Hashable, Comparable {
        let slot: ViewSlot
        let hash: EventHash

        static func < (lhs: Superseded, rhs: Superseded) -> Bool {
            func key(_ row: Superseded) -> [String] { [row.slot.view.rawValue, row.slot.section, row.slot.item] }
            let (left, right) = (key(lhs), key(rhs))
            if left != right {
                return left.lexicographicallyPrecedes(right) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            }
            return lhs.hash.bytes.lexicographicallyPrecedes(rhs.hash.bytes)
        }
    }

    let catalog: EventCatalog
    let cutoffs: [ChainKey: Int64]
    var views: DomainViews
    var report = CatchUpReport()
    var events: [HashKey: Event] = [:]
    var superseded: Set<Superseded> = []

    init(catalog: EventCatalog, cutoffs: [ChainKey: Int64]) {
        self.catalog = catalog
        self.cutoffs = cutoffs
        views = DomainViews(catalog: catalog)
    }

    /// Folds one stored event, counting it exactly as `ProjectionStore.fold` does.
    mutating func add(_ stored: StoredEvent) {
        let event = stored.event
        guard event.channel == .region else { return }
        guard stored.flag == nil else {
            report.flagged += 1
            return
        }
        report.folded += 1
        if !cutoffs.isEmpty, let cutoff = cutoffs[ChainKey(channel: event.channel, origin: event.origin)],
            event.seq >= cutoff
        {
            report.skipped += 1
            return
        }
        let skippedBefore = views.skippedCount
        views.apply(event)
        guard views.skippedCount == skippedBefore else {
            report.skipped += 1
            return
        }
        events[HashKey(event.hash)] = event
        // Only an edit supersedes anything; its registers come from the probe, like in the incremental path.
        guard !event.parents.isEmpty, let slots = ViewSlot.slots(of: event, catalog: catalog) else { return }
        for slot in slots where slot.kind == .versioned {
            for parent in event.parents { superseded.insert(Superseded(slot: slot, hash: parent)) }
        }
    }
}
