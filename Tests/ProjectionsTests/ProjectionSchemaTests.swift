import Domain
import EventLog
import EventModel
import Testing

@testable import Projections

/// The view tables are derived data: a new layout drops the old tables and folds the log again, never migrates.
@Suite struct ProjectionSchemaTests {
    /// `view_heads` as version 2 laid it out: every live version kept its event's HLC, origin and wire text.
    static let version2Heads = """
        CREATE TABLE view_heads (
            view TEXT NOT NULL,
            section TEXT NOT NULL,
            item TEXT NOT NULL,
            hash BLOB NOT NULL,
            hlc INTEGER NOT NULL,
            origin TEXT NOT NULL,
            event TEXT NOT NULL,
            PRIMARY KEY (view, section, item, hash)
        ) WITHOUT ROWID
        """

    /// Rewrites the store's tables in `log` as version 2 left them, with the same live versions.
    func downgradeToVersion2(_ log: EventLog) throws {
        var byID: [Int64: Event] = [:]
        for stored in try log.changes(after: 0, limit: 100_000) { byID[stored.insertionID] = stored.event }
        var heads: [(view: String, section: String, item: String, event: Event)] = []
        try log.database.makeStatement("SELECT view, section, item, event FROM view_heads").forEachRow { row in
            heads.append((row.text(0), row.text(1), row.text(2), try #require(byID[row.int64(3)])))
        }
        try log.database.inTransaction {
            try log.database.execute("DROP TABLE view_heads")
            try log.database.execute(Self.version2Heads)
            for head in heads {
                try log.database.execute(
                    "INSERT INTO view_heads VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        head.view, head.section, head.item, head.event.hash.bytes, head.event.hlc.rawValue,
                        head.event.origin.description, String(decoding: WireText.bytes(head.event.wireFields), as: UTF8.self),
                    ])
            }
            try log.database.execute("UPDATE view_meta SET value = 2 WHERE key = 'version'")
        }
    }

    func columns(_ table: String, in database: Database) throws -> [String] {
        var names: [String] = []
        try database.makeStatement("PRAGMA table_info(\(table))").forEachRow { names.append($0.text(1)) }
        return names
    }

    @Test func tablesOfVersion2AreDroppedAndTheLogFoldedAgain() throws {
        var history = try RandomHistory(seed: 7)
        for _ in 0..<200 { history.step() }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(history.events)
        let before = try ProjectionStore(log: log)
        try before.catchUp(log: log, batchSize: 37)
        let digests = try storeDigests(before)
        let rows = try viewRows(log.database)
        let status = try before.status()
        let generation = try before.meta("generation.meetings")
        #expect(status.checkpoint == (try log.lastInsertionID()))

        try downgradeToVersion2(log)
        #expect(try columns("view_heads", in: log.database).contains("origin"))
        let upgraded = try ProjectionStore(log: log)
        #expect(ProjectionSchema.version == 3)
        #expect(try log.database.int64("SELECT value FROM view_meta WHERE key = 'version'") == 3)
        #expect(try columns("view_heads", in: log.database) == ["view", "section", "item", "hash", "event"])
        // Nothing of the old state is kept: no rows, no checkpoint, no counters; readers' caches are outdated.
        #expect(try viewRows(log.database).isEmpty)
        #expect(try upgraded.status() == ProjectionStatus(checkpoint: 0, folded: 0, skipped: 0, flagged: 0))
        #expect(try upgraded.meta("generation.meetings") > generation)
        #expect(try storeDigests(upgraded) == pureDigests([]))

        // The next catch-up folds the whole log again and ends where the old store was.
        let report = try upgraded.catchUp(log: log)
        #expect(report.folded + report.flagged == history.events.count)
        #expect(try upgraded.status() == status)
        #expect(try viewRows(log.database) == rows)
        #expect(try storeDigests(upgraded) == digests)
        #expect(digests == pureDigests(history.events))
    }
}
