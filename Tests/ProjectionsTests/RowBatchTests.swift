import Domain
import EventLog
import EventModel
import Testing

@testable import Projections

/// A rebuild inserts the rows of one view and section `RowBatch.wideSize` per statement while that many remain,
/// then `RowBatch.size` per statement, then one by one: together they must write exactly the rows catching up wrote.
@Suite struct RowBatchTests {
    @Test func runsLongerThanAWideStatementAreWrittenWhole() throws {
        var node = TestNode("krs-server", 287)
        let indicators = ["befrienders", "lectures", "meeting-places", "unit-meetings", "tea-viisari"]
        var events: [Event] = []
        for year in 2000..<2070 {
            for indicator in indicators {
                events.append(
                    node.write(
                        DomainEventType.followUpReported, "figure/\(indicator)/287/\(year)",
                        figurePayload(indicator, 287, year, value: year % 97)))
            }
        }
        // Corrections naming the first report as their parent: as many superseded rows in one section.
        for (index, first) in events.prefix(170).enumerated() {
            let indicator = indicators[index % indicators.count]
            let year = 2000 + index / indicators.count
            events.append(
                node.write(
                    DomainEventType.followUpReported, first.stream.rawValue,
                    figurePayload(indicator, 287, year, value: index), parents: [first.hash]))
        }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(events)
        let store = try ProjectionStore(log: log)
        try store.catchUp(log: log)
        let caughtUp = try viewRows(log.database)
        let digests = try storeDigests(store)
        let superseded = caughtUp.filter { $0.hasPrefix("superseded ") }.count
        #expect(superseded == 170 && caughtUp.count - superseded > 2 * RowBatch.wideSize + RowBatch.size)
        for chunkRows in [RowFeed.chunkRows, RowBatch.size, 5 * RowBatch.size] {
            try store.rebuild(log: log, batchSize: 100, chunkRows: chunkRows)
            #expect(try viewRows(log.database) == caughtUp)
            #expect(try storeDigests(try ProjectionStore(log: log)) == digests)
        }
    }
}

extension RowBatchTests {
    /// A row that fails in the middle of a wide statement ends it with the rows before it kept (`OR FAIL`): the
    /// rebuild fails, and its transaction undoes them with the rest, leaving the old views.
    @Test func aRowFailingInAWideStatementLeavesTheOldViews() throws {
        var node = TestNode("krs-server", 287)
        let events = (0..<400).map { index in
            node.write(
                DomainEventType.followUpReported, "figure/lectures/287/\(2000 + index % 100)",
                figurePayload("lectures", 287, 2000 + index % 100, value: index))
        }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(events)
        let store = try ProjectionStore(log: log)
        try store.catchUp(log: log)
        let rows = try viewRows(log.database)
        let digests = try storeDigests(store)
        #expect(rows.count > 2 * RowBatch.wideSize)
        try log.database.execute(
            """
            CREATE TEMP TRIGGER failing BEFORE INSERT ON view_heads
            WHEN (SELECT count(*) FROM view_heads) = \(RowBatch.wideSize + 40)
            BEGIN SELECT RAISE(FAIL, 'no room left'); END
            """)
        #expect(throws: DatabaseError.self) { try store.rebuild(log: log) }
        #expect(try viewRows(log.database) == rows)
        #expect(try storeDigests(try ProjectionStore(log: log)) == digests)
    }
}
