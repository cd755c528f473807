import EventModel
import Foundation
import Synchronization
import Testing

@testable import EventLog

/// An ingest stores its rows `IngestRows.size` at a time with one multi-row INSERT: the rows, their ids, their flags
/// and every outcome must be those of one insert per row, also where a decision reads rows of the same page.
@Suite struct IngestRowBatchTests {
    /// `count` events of one chain, every third of a type the test catalog flags, each with parents and its own
    /// stream, so that a row bound to another row's parameters shows in every column.
    func sourceEvents(_ count: Int, node: String = "mlx-server", municipality: Int = 475, padding: Int = 0) throws
        -> [Event]
    {
        let (source, directory) = try makeTemporaryLog(
            node: node, municipality: municipality, validator: AcceptAnyContent())
        defer { cleanUp(directory) }
        var written: [Event] = []
        for index in 0..<count {
            let type = index % 3 == 2 ? "survey.published" : "test.note"
            let parents = Array(written.suffix(index % 3).map(\.hash))
            let text = "row \(index) åäö" + String(repeating: "x", count: padding)
            written += try source.append([note(text, stream: "note/\(index % 7)", parents: parents, type: type)])
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
        let events = try sourceEvents(2 * IngestRows.size + 11)
        try expectStoredAsOneByOne(events) { batched, outcomes in
            #expect(outcomes.filter { $0.kind == "flagged" }.count == events.count / 3)
            // Read before `#expect`: a `try` inside it, within a closure, does not compile with Swift 6.3.1.
            let read = try batched.events(after: VersionVector(), channels: [.region]).events
            let isSound = try batched.verify().isSound
            #expect(read == events)
            #expect(isSound)
        }
    }

    /// Ingests `events` in one page into one log and one ingest per event into another, expects equal outcomes and
    /// rows, then hands the first log and its outcomes to `more`.
    func expectStoredAsOneByOne(_ events: [Event], _ more: (EventLog, [IngestOutcome]) throws -> Void = { _, _ in })
        throws
    {
        let (batched, batchedDirectory) = try makeTemporaryLog()
        defer { cleanUp(batchedDirectory) }
        let (single, singleDirectory) = try makeTemporaryLog()
        defer { cleanUp(singleDirectory) }
        let outcomes = try batched.ingest(events)
        var oneByOne: [IngestOutcome] = []
        for event in events { oneByOne += try single.ingest([event]) }
        #expect(outcomes == oneByOne)
        #expect(try rows(of: batched) == rows(of: single))
        try more(batched, outcomes)
    }

    @Test func rowsLargerThanTheStatementsFirstBufferAreStoredWhole() throws {
        // 3 kB a row: a full statement's texts and blobs outgrow the 64 KiB laid out for them at first.
        try expectStoredAsOneByOne(try sourceEvents(IngestRows.size + 3, padding: 3_000))
    }

    @Test func aFullStatementIsStoredWithinASmallStack() throws {
        // A server's connection threads (1 MiB of stack) ingest pushed pages: binding each row inside the one before
        // it overflowed such a stack in a debug build; a quarter of it must do.
        let events = try sourceEvents(IngestRows.size + 1)
        let outcomes = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            guard let (log, directory) = try? makeTemporaryLog() else { return }
            defer { cleanUp(directory) }
            outcomes.withLock { $0 = ((try? log.ingest(events)) ?? []).map(\.kind) }
        }
        thread.stackSize = 256 << 10
        thread.start()
        done.wait()
        #expect(outcomes.withLock { $0 } == events.indices.map { $0 % 3 == 2 ? "flagged" : "appended" })
    }

    @Test func aDuplicateOfARowOfTheSamePageIsADuplicate() throws {
        // The fourth row after the first full statement is not yet stored when it comes again; the fourth is.
        let events = try sourceEvents(IngestRows.size + 8)
        let pending = IngestRows.size + 3
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let outcomes = try log.ingest(events + [events[pending], events[3]])
        #expect(outcomes.suffix(2) == [.duplicate, .duplicate])
        #expect(try log.vector()[ChainKey(channel: .region, origin: events[0].origin)].seq == Int64(events.count))
        #expect(try log.verify().isSound)
    }

    @Test func aRivalOfARowOfTheSamePageIsAFork() throws {
        let events = try sourceEvents(IngestRows.size + 8)
        let held = events[IngestRows.size + 3]
        let rival = Event(
            channel: .region, origin: held.origin, seq: held.seq, previous: held.previous, hlc: held.hlc,
            municipality: held.municipality, stream: held.stream, type: held.type, schemaVersion: 1,
            author: held.author, parents: [], payload: ["text": "another event at this seq"])
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let outcomes = try log.ingest(events + [rival])
        #expect(outcomes.last == .fork(kept: held.hash))
        #expect(try log.database.int64("SELECT seq FROM forks") == held.seq)
        #expect(try rows(of: log).count == events.count)
    }

    /// A row refused inside a full statement keeps the statement's earlier rows until the ingest's transaction is
    /// undone (the statement is `OR FAIL`, and `RAISE(FAIL)` keeps them too): the failed ingest must leave the log
    /// exactly as it was, wherever in a statement, or in the rest after it, the refused row lies.
    /// The first statement holds seq 4 to `IngestRows.size + 3`: a row inside it, its last, and one in the rest; each
    /// also with the ingest nested in a caller's transaction, as a secured node runs it (a savepoint).
    @Test(arguments: [10, IngestRows.size + 3, IngestRows.size + 9], [false, true])
    func aRowRefusedInAStatementLeavesTheLogAsItWas(refusedSeq: Int, nested: Bool) throws {
        let events = try sourceEvents(IngestRows.size + 20)
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(Array(events.prefix(3)))
        let before = try rows(of: log)
        let vectorBefore = try log.vector()
        try log.database.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.seq = \(refusedSeq) "
                + "BEGIN SELECT RAISE(FAIL, 'refused at \(refusedSeq)'); END")
        var refusal = ""
        do {
            if nested {
                try log.database.inTransaction { _ = try log.ingest(events) }
            } else {
                _ = try log.ingest(events)
            }
        } catch { refusal = "\(error)" }
        #expect(refusal.contains("refused at \(refusedSeq)"))
        #expect(try rows(of: log) == before)
        #expect(try log.vector() == vectorBefore)
        #expect(!log.database.isInsideTransaction)
        // The log takes the same events once the refusal is gone, each stored once.
        try log.database.execute("DROP TRIGGER refuse")
        _ = try log.ingest(events)
        #expect(try rows(of: log).count == events.count)
        #expect(try log.verify().isSound)
    }
}
