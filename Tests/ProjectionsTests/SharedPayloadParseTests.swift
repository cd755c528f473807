import EventLog
import EventModel
import Testing

@testable import Projections

/// A rebuild's page reader leaves every payload as bytes; the folding thread reads the members it needs from them
/// (`PayloadBytes`) or parses them. That must change neither what is read nor how a damaged row fails.
@Suite struct SharedPayloadParseTests {
    func filledLog() throws -> (EventLog, String) {
        var history = try RandomHistory(seed: 5)
        for _ in 0..<60 { history.step() }
        let (log, directory) = try makeLog()
        _ = try log.ingest(history.events)
        return (log, directory)
    }

    @Test func pagesWithPayloadsLeftUnparsedReadAsWholePagesOnceParsed() throws {
        let (log, directory) = try filledLog()
        defer { cleanUp(directory) }
        let whole = try log.changes(after: 0, limit: 1_000)
        let unparsed = try log.changes(after: 0, limit: 1_000, parsingPayloadAt: { _ in false })
        #expect(whole.count == unparsed.count && whole.count > 10)
        #expect(unparsed.allSatisfy { $0.event.payload.isNull })
        #expect(try unparsed.map { try $0.parsingPayload() } == whole)
    }

    /// A payload that no longer parses fails the rebuild with the row's id wherever it lies in a page, whether the
    /// views fold its event or not, and the views folded before stay.
    @Test(arguments: [0, 1, 2, 3])
    func aDamagedPayloadFailsTheRebuild(position: Int) throws {
        let (log, directory) = try filledLog()
        defer { cleanUp(directory) }
        let store = try ProjectionStore(log: log)
        try store.catchUp(log: log)
        let before = try storeDigests(store)
        // Pages of 4 from id 0: ids 9…12 are positions 0…3 of the third page.
        let id = Int64(9 + position)
        let damage = ["'{\"a\":'", "'{\"a\":1,\"a\":2}'", "'{\"a\":\"\\q\"}'", "X'7b226122'"][position]
        try log.database.execute("UPDATE events SET payload = CAST(\(damage) AS BLOB) WHERE id = \(id)")
        do {
            try store.rebuild(log: log, batchSize: 4)
            Issue.record("the rebuild read a damaged payload")
        } catch EventLogError.corruptRow(let badID, let reason) {
            #expect(badID == id)
            #expect(reason.hasPrefix("payload: "))
        }
        #expect(try storeDigests(store) == before)
    }

    /// The flagged event of a history is never folded, yet its damaged payload still fails the rebuild, as reading
    /// its row in a catch-up would.
    @Test func aDamagedPayloadOfAFlaggedEventFailsTheRebuild() throws {
        let (log, directory) = try filledLog()
        defer { cleanUp(directory) }
        let store = try ProjectionStore(log: log)
        guard let flagged = try log.changes(after: 0, limit: 1_000).first(where: { $0.flag != nil }) else {
            Issue.record("the history holds no flagged event")
            return
        }
        try log.database.execute("UPDATE events SET payload = CAST('{' AS BLOB) WHERE id = \(flagged.insertionID)")
        #expect(throws: EventLogError.self) { try store.rebuild(log: log) }
    }
}
