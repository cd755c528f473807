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
            for stored in page { index.add(stored) }
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
    /// is not read again here. A register's key is bound once for all its rows (SQLite keeps bindings from one
    /// run to the next) and every value is bound where it lies, uncopied (`bind(unownedText:at:)`): binding
    /// three copied texts and an allocated hash per row cost about a fifth of writing it.
    private func writeRows(of index: RebuildIndex) throws -> Int {
        var rows = 0
        // The registers once, in an array the sort leaves in place: it orders positions (`SlotOrder`).
        let registers = Array(index.registers)
        let order = SlotOrder.sorted(registers.map(\.key))
        let insertHead = try database.cachedStatement(
            "INSERT INTO view_heads (view, section, item, hash, event) VALUES (?, ?, ?, ?, ?)")
        // No binding may outlive the bytes it points at.
        defer { insertHead.reset() }
        func writeHead(_ version: RebuildIndex.Version) throws {
            try insertHead.bind(integer: version.insertionID, at: 5)
            try version.hash.withUnsafeBytes { hash in
                try insertHead.bind(unownedBytes: hash, at: 4)
                try insertHead.run()
            }
            rows += 1
        }
        for position in order {
            let (slot, register) = registers[position]
            try Self.withKey(of: slot, boundTo: insertHead) {
                if let latest = register.latest { return try writeHead(latest.version) }
                for version in register.heads.sorted(by: { $0.hash < $1.hash }) { try writeHead(version) }
            }
        }
        let insertSuperseded = try database.cachedStatement(
            "INSERT INTO view_superseded (view, section, item, hash) VALUES (?, ?, ?, ?)")
        defer { insertSuperseded.reset() }
        for position in order {
            let (slot, register) = registers[position]
            guard !register.superseded.isEmpty else { continue }
            try Self.withKey(of: slot, boundTo: insertSuperseded) {
                for hash in register.superseded.sorted() {
                    try hash.withUnsafeBytes { hash in
                        try insertSuperseded.bind(unownedBytes: hash, at: 4)
                        try insertSuperseded.run()
                    }
                    rows += 1
                }
            }
        }
        return rows
    }

    /// Binds the key of `slot` to the first three parameters of `statement`, uncopied, while `body` runs.
    private static func withKey(of slot: ViewSlot, boundTo statement: Statement, _ body: () throws -> Void) throws {
        var view = slot.view.rawValue
        var section = slot.section
        var item = slot.item
        try view.withUTF8 { view in
            try section.withUTF8 { section in
                try item.withUTF8 { item in
                    try statement.bind(unownedText: view, at: 1)
                    try statement.bind(unownedText: section, at: 2)
                    try statement.bind(unownedText: item, at: 3)
                    try body()
                }
            }
        }
    }
}
