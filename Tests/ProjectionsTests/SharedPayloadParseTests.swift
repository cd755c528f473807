import EventLog
import EventModel
import Testing

@testable import Projections

/// A rebuild's page reader parses only some payloads and the folding thread the rest; the split must change
/// neither what is read nor how a damaged row fails.
@Suite struct SharedPayloadParseTests {
    func filledLog() throws -> (EventLog, String) {
        var history = try RandomHistory(seed: 5)
        for _ in 0..<60 { history.step() }
        let (log, directory) = try makeLog()
        _ = try log.ingest(history.events)
        return (log, directory)
    }

    @Test func pagesWithPayloadsLeftToTheCallerReadAsWholePages() throws {
        let (log, directory) = try filledLog()
        defer { cleanUp(directory) }
        let whole = try log.changes(after: 0, limit: 1_000)
        let split = try log.changes(after: 0, limit: 1_000, parsingPayloadAt: LogPageReader.parsesPayload(at:))
        #expect(whole.count == split.count && whole.count > 10)
        #expect(split.indices.contains { !LogPageReader.parsesPayload(at: $0) && split[$0].event.payload.isNull })
        let completed = try split.enumerated().map { position, stored in
            LogPageReader.parsesPayload(at: position) ? stored : try stored.parsingPayload()
        }
        #expect(completed == whole)
    }

    /// A payload that no longer parses fails the rebuild with the row's id wherever it lies in a page, and the
    /// views folded before stay.
    @Test(arguments: [0, 1])
    func aDamagedPayloadFailsTheRebuildOnEitherSide(position: Int) throws {
        let (log, directory) = try filledLog()
        defer { cleanUp(directory) }
        let store = try ProjectionStore(log: log)
        try store.catchUp(log: log)
        let before = try storeDigests(store)
        // Pages of 4 from id 0: ids 1 + 4k are read at position 0, ids 2 + 4k at position 1.
        let id = Int64(9 + position)
        #expect(LogPageReader.parsesPayload(at: position) == (position == 0))
        try log.database.execute("UPDATE events SET payload = CAST('{\"a\":' AS BLOB) WHERE id = \(id)")
        do {
            try store.rebuild(log: log, batchSize: 4)
            Issue.record("the rebuild read a damaged payload")
        } catch EventLogError.corruptRow(let badID, let reason) {
            #expect(badID == id)
            #expect(reason.hasPrefix("payload: "))
        }
        #expect(try storeDigests(store) == before)
    }
}
