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
        try database.inTransaction(.immediate) {
            try ProjectionSchema.clear(database)
            report.rowWrites = try writeRows(of: index)
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

    /// Writes the live versions and superseded hashes of an index in primary-key order; returns the rows written.
    ///
    /// Key order puts each row at the right edge of its table's B-tree. A head row is the version's hash and
    /// insertion number as the pass over the log took them from the very row it decoded and judged, so the log
    /// is not read again here. Rows go in `RowBatch.size` per statement, every value bound where it lies: the keys'
    /// texts from one buffer made here, which stays in place until the rows are written.
    private func writeRows(of index: RebuildIndex) throws -> Int {
        // The registers once, in an array the sort leaves in place: it orders positions (`SlotOrder`).
        let registers = Array(index.registers)
        let order = SlotOrder.sorted(registers.map(\.key))
        var bytes: [UInt8] = []
        var keys: [RowBatch.Key] = []
        keys.reserveCapacity(order.count)
        for position in order {
            let slot = registers[position].key
            func append(_ text: String) -> Range<Int> {
                let start = bytes.count
                bytes.append(contentsOf: text.utf8)
                return start..<bytes.count
            }
            keys.append(
                RowBatch.Key(view: append(slot.view.rawValue), section: append(slot.section), item: append(slot.item)))
        }
        // Registers are read where they lie in their buffer: `registers[position].value` copied each one (a retain
        // and a release of its dictionary, set and origin), twice per register.
        return try registers.withUnsafeBufferPointer { registers in
            try bytes.withUnsafeBufferPointer { bytes in
                let heads = try RowBatch(database: database, table: "view_heads", hasEvent: true, keys: bytes)
                for (rank, position) in order.enumerated() {
                    if let latest = registers[position].value.latest {
                        try heads.add(key: keys[rank], hash: latest.version.hash, event: latest.version.insertionID)
                        continue
                    }
                    let held = registers[position].value.heads
                    if held.count == 1, let (hash, insertionID) = held.first {
                        try heads.add(key: keys[rank], hash: hash, event: insertionID)
                        continue
                    }
                    for (hash, insertionID) in held.sorted(by: { $0.key < $1.key }) {
                        try heads.add(key: keys[rank], hash: hash, event: insertionID)
                    }
                }
                try heads.finish()
                let superseded = try RowBatch(
                    database: database, table: "view_superseded", hasEvent: false, keys: bytes)
                for (rank, position) in order.enumerated() where !registers[position].value.superseded.isEmpty {
                    for hash in registers[position].value.superseded.sorted() {
                        try superseded.add(key: keys[rank], hash: hash)
                    }
                }
                try superseded.finish()
                return heads.rows + superseded.rows
            }
        }
    }
}
