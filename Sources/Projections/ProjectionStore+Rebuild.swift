import Domain
import EventLog
import EventModel

extension ProjectionStore {
    /// Drops the view state and folds the whole log again: indexed in memory first, then written in one transaction.
    ///
    /// One pass over the log applies the incremental path's rules to a `RebuildIndex`, which keeps per register
    /// only the hashes and insertion numbers of its live versions and superseded parents. The rows are then
    /// written once, in key order, straight from the index (a row names its event by insertion number), so
    /// memory holds the index and a page of events at a time, whatever the size of the log. Clearing, rows, counters
    /// and checkpoint commit together, so readers see the old views until the new ones are complete, and a
    /// crash leaves the old ones in place. The log is read `batchSize` events per page; `progress` is told after
    /// each page; pages are read and decoded on a second thread while the caller folds (`LogPageReader`).
    /// `log` must be the log the store was opened with.
    @discardableResult
    public func rebuild(
        log: EventLog, batchSize: Int = ProjectionStore.defaultBatchSize, progress: ((CatchUpReport) -> Void)? = nil
    ) throws -> CatchUpReport {
        try rebuild(log: log, batchSize: batchSize, chunkRows: RowFeed.chunkRows, progress: progress)
    }

    /// `rebuild(log:batchSize:progress:)` with the rows handed to SQLite `chunkRows` at a time (`RowFeed`).
    @discardableResult
    func rebuild(
        log: EventLog, batchSize: Int, chunkRows: Int, progress: ((CatchUpReport) -> Void)? = nil
    ) throws -> CatchUpReport {
        requireOwnLog(log)
        let cutoffs = try log.forkCutoffs()
        // Events stored while the rebuild reads are left to the next catch-up, from this checkpoint.
        let end = try log.lastInsertionID()
        let trust = reusesStoredVerdicts ? try VerdictTrust(log: log, catalog: catalog, through: end) : .none
        var index = RebuildIndex(catalog: catalog, cutoffs: cutoffs, trust: trust)
        let reader = LogPageReader(log: log, end: end, batchSize: batchSize)
        defer { reader.finish() }
        while let page = try reader.next() {
            // Through the buffer, each event is read where it lies: indexing the array copied every event (a retain
            // and a release of each of its fields).
            try page.withUnsafeBufferPointer { events in
                for event in events { try index.add(unparsed: event) }
            }
            index.report.checkpoint = page.last?.insertionID ?? end
            progress?(index.report)
            reader.recycle(page)
        }
        var report = index.report
        report.checkpoint = end
        report.batches = 1
        // The rows are made from the index on a thread of their own while this one clears the old rows and inserts
        // the new (`RowFeed`); whatever ends the transaction, the feed is stopped and its thread gone by the return.
        let feed = RowFeed(index.takeRegisters(), chunkRows: chunkRows)
        defer { feed.finish() }
        try database.inTransaction(.immediate) {
            try ProjectionSchema.clear(database)
            report.rowWrites = try insertRows(from: feed)
            try setMeta("checkpoint", end)
            try setMeta("folded", Int64(report.folded))
            try setMeta("skipped", Int64(report.skipped))
            try setMeta("flagged", Int64(report.flagged))
            try setMeta("forkSignature", Self.signature(of: cutoffs))
            for view in ViewName.allCases { try addMeta("generation.\(view)", 1) }
        }
        // The next read builds each view from the rows just written.
        programmeCache = nil
        followUpCache = nil
        meetingsCache = nil
        forkCutoffs = cutoffs
        return report
    }

    /// Inserts the rows `feed` makes, in the order made; returns the rows inserted.
    ///
    /// The feed makes them in primary-key order, which puts each row at the right edge of its table's B-tree. A head
    /// row is the version's hash and insertion number as the pass over the log took them from the very row it
    /// decoded and judged, so the log is not read again here.
    private func insertRows(from feed: RowFeed) throws -> Int {
        let heads = RowBatch(database: database, table: "view_heads", hasEvent: true)
        let superseded = RowBatch(database: database, table: "view_superseded", hasEvent: false)
        while let chunk = feed.next() {
            try (chunk.table == .heads ? heads : superseded).insert(chunk.rows, texts: chunk.texts)
        }
        return heads.rows + superseded.rows
    }
}
