import EventLog
import EventModel
import Foundation
import Testing

/// An ingest stores its rows 32 at a time with one multi-row INSERT (`IngestRows`): the rows, their ids, their flags
/// and every outcome must be those of one insert per row, also where a decision reads rows of the same page.
@Suite struct IngestRowBatchTests {
    /// `count` events of one chain, every third of a type the test catalog flags, each with parents and its own
    /// stream, so that a row bound to another row's parameters shows in every column.
    func sourceEvents(_ count: Int, node: String = "mlx-server", municipality: Int = 475) throws -> [Event] {
        let (source, directory) = try makeTemporaryLog(node: node, municipality: municipality, validator: AcceptAnyContent())
        defer { cleanUp(directory) }
        var written: [Event] = []
        for index in 0..<count {
            let type = index % 3 == 2 ? "survey.published" : "test.note"
            let parents = Array(written.suffix(index % 3).map(\.hash))
            written += try source.append([note("row \(index) åäö", stream: "note/\(index % 7)", parents: parents, type: type)])
        }
        return written
    }

    /// Every column of every row, in id order, as SQL literals (`quote`): a text and a blob of the same bytes differ.
    func rows(of log: EventLog) throws -> [[String]] {
        let columns = EventLog.eventColumns.split(separator: ", ").map { "quote(\($0))" }.joined(separator: ", ")
        var rows: [[String]] = []
        try log.database.makeStatement("SELECT \(columns) FROM events ORDER BY id").forEachRow { row in
            rows.append((0..<15).map { row.text(Int32($0)) })
        }
        return rows
    }

    @Test func aPageStoresTheRowsOneInsertPerRowStores() throws {
        // Two full statements and a rest of 11, against the same events stored one ingest (one insert) each.
        let events = try sourceEvents(75)
        let (batched, batchedDirectory) = try makeTemporaryLog()
        defer { cleanUp(batchedDirectory) }
        let (single, singleDirectory) = try makeTemporaryLog()
        defer { cleanUp(singleDirectory) }
        let outcomes = try batched.ingest(events)
        var oneByOne: [IngestOutcome] = []
        for event in events { oneByOne += try single.ingest([event]) }
        #expect(outcomes == oneByOne)
        #expect(outcomes.filter { $0.kind == "flagged" }.count == 25)
        #expect(try rows(of: batched) == rows(of: single))
        #expect(try batched.events(after: VersionVector(), channels: [.region]).events == events)
        #expect(try batched.verify().isSound)
    }

    @Test func aDuplicateOfARowOfTheSamePageIsADuplicate() throws {
        // Seq 36 is among the rows gathered after the first full statement, not yet stored when it comes again.
        let events = try sourceEvents(40)
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let outcomes = try log.ingest(events + [events[35], events[3]])
        #expect(outcomes.suffix(2) == [.duplicate, .duplicate])
        #expect(try log.vector()[ChainKey(channel: .region, origin: events[0].origin)].seq == 40)
        #expect(try log.verify().isSound)
    }

    @Test func aRivalOfARowOfTheSamePageIsAFork() throws {
        let events = try sourceEvents(40)
        let rival = Event(
            channel: .region, origin: events[35].origin, seq: 36, previous: events[34].hash, hlc: events[35].hlc,
            municipality: events[35].municipality, stream: events[35].stream, type: events[35].type, schemaVersion: 1,
            author: events[35].author, parents: [], payload: ["text": "another thirty-sixth event"])
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let outcomes = try log.ingest(events + [rival])
        #expect(outcomes.last == .fork(kept: events[35].hash))
        #expect(try log.database.int64("SELECT seq FROM forks") == 36)
        #expect(try rows(of: log).count == 40)
    }
}
