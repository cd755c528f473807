import Domain
import EventLog
import EventModel

/// ProjectionStore keeps the regional views in SQLite tables of the node's log database, incrementally.
///
/// State is one row per live version of each register (`view_heads`, naming its event by the log's
/// insertion number) plus the hashes each register has seen superseded (`view_superseded`), so a late event
/// costs a few row writes whatever the size of the log. `catchUp(log:)` folds the log's change feed after the
/// checkpoint in bounded batches; each batch commits its rows, counters and the new checkpoint in one
/// transaction, so a crash resumes exactly where the last commit left off. `rebuild(log:)` instead indexes the
/// live versions of the whole log in memory (`RebuildIndex`) and writes the rows once. Reading rebuilds a
/// Domain view from the live versions only, joined to the log's events.
///
/// Not `Sendable`: like the log and the `Database` it writes, it belongs to one serial owner.
public final class ProjectionStore {
    /// Events folded per transaction by default.
    public static let defaultBatchSize = 256

    /// The log the views are folded from; its database holds the view tables.
    public let log: EventLog
    /// The connection holding the view tables: the log's own.
    public var database: Database { log.database }
    /// The catalog that judges what the views may fold.
    public let catalog: EventCatalog
    var programmeCache: (generation: Int64, view: ProgrammeView)?
    var followUpCache: (generation: Int64, view: FollowUpView)?
    var meetingsCache: (generation: Int64, view: MeetingsView)?
    /// Whether the views take the log's stored verdicts where its rules equal the catalog's (`VerdictTrust`)
    /// instead of judging every event again; the views are the same either way, only slower without.
    public var reusesStoredVerdicts = true
    /// Forked chains and the sequence from which the views leave their events out.
    var forkCutoffs: [ChainKey: Int64] = [:]

    /// Opens the store in the log's own database, creating or resetting its tables as their version requires.
    ///
    /// The tables live beside the log's events because their rows name events by insertion number and the
    /// checkpoint commits with the rows.
    public init(log: EventLog, catalog: EventCatalog = DomainCatalog.standard) throws {
        self.log = log
        self.catalog = catalog
        try ProjectionSchema.setUp(log.database)
    }

    /// The checkpoint and the counters.
    public func status() throws -> ProjectionStatus {
        ProjectionStatus(
            checkpoint: try meta("checkpoint"), folded: try meta("folded"), skipped: try meta("skipped"),
            flagged: try meta("flagged"))
    }

    /// Folds every event stored after the checkpoint, `batchSize` per transaction, at most `maxBatches` batches.
    ///
    /// `log` must be the log the store was opened with: the rows name its events by insertion number.
    @discardableResult
    public func catchUp(
        log: EventLog, batchSize: Int = ProjectionStore.defaultBatchSize, maxBatches: Int = .max
    ) throws -> CatchUpReport {
        requireOwnLog(log)
        try refreshForkCutoffs(log: log)
        return try foldPending(log: log, batchSize: batchSize, maxBatches: maxBatches)
    }

    /// Loads the forked chains; a fork found since the last catch-up may concern events already
    /// folded, so the views are then emptied and folded again without them: every node holding the
    /// same proofs shows the same views.
    private func refreshForkCutoffs(log: EventLog) throws {
        forkCutoffs = try log.forkCutoffs()
        let digest = Self.signature(of: forkCutoffs)
        guard try meta("forkSignature") != digest else { return }
        try database.inTransaction(.immediate) {
            try ProjectionSchema.clear(database)
            for view in ViewName.allCases { try addMeta("generation.\(view)", 1) }
            try setMeta("forkSignature", digest)
        }
    }

    /// A stable number naming a set of fork cutoffs; 0 for none.
    static func signature(of cutoffs: [ChainKey: Int64]) -> Int64 {
        guard !cutoffs.isEmpty else { return 0 }
        let text = cutoffs.map { "\($0.key)#\($0.value)" }.sorted().joined(separator: ",")
        return EventHash.sha256(Array(text.utf8)).bytes.prefix(7).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    private func foldPending(log: EventLog, batchSize: Int, maxBatches: Int) throws -> CatchUpReport {
        var report = CatchUpReport()
        report.checkpoint = try meta("checkpoint")
        while report.batches < maxBatches {
            // Read and fold inside one write transaction: a second process catching up at the same time
            // waits, then starts from the checkpoint this one committed, so no event is counted twice.
            let full = try database.inTransaction(.immediate) { () -> Bool in
                let from = try meta("checkpoint")
                let batch = try log.changes(after: from, channels: nil, limit: max(1, batchSize))
                guard let last = batch.last else { return false }
                let trust =
                    reusesStoredVerdicts
                    ? try VerdictTrust(log: log, catalog: catalog, through: last.insertionID) : .none
                var probe = SlotProbe(catalog: catalog)
                var step = CatchUpReport()
                var touched: Set<ViewName> = []
                for stored in batch { try fold(stored, trust: trust, probe: &probe, into: &step, touched: &touched) }
                try addMeta("folded", step.folded)
                try addMeta("skipped", step.skipped)
                try addMeta("flagged", step.flagged)
                try setMeta("checkpoint", last.insertionID)
                for view in touched { try addMeta("generation.\(view)", 1) }
                report.folded += step.folded
                report.skipped += step.skipped
                report.flagged += step.flagged
                report.rowWrites += step.rowWrites
                report.batches += 1
                report.checkpoint = last.insertionID
                return batch.count >= batchSize
            }
            if !full { break }
        }
        return report
    }

    /// Stops on a log other than the store's own: its insertion numbers would name other events, or none.
    func requireOwnLog(_ other: EventLog) {
        precondition(other === log, "a ProjectionStore folds only the log it was opened with")
    }

    /// A counter or position from `view_meta`, 0 when absent.
    func meta(_ key: String) throws -> Int64 {
        try database.int64("SELECT value FROM view_meta WHERE key = ?", [key]) ?? 0
    }

    func setMeta(_ key: String, _ value: Int64) throws {
        try database.execute(
            "INSERT INTO view_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value])
    }

    func addMeta(_ key: String, _ delta: Int) throws {
        guard delta != 0 else { return }
        try database.execute(
            "INSERT INTO view_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value",
            [key, delta])
    }
}
