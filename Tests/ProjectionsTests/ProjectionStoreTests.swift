import Domain
import EventLog
import EventModel
import Projections
import Testing

@Suite struct ProjectionStoreTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func incrementalCatchUpInRandomBatchesEqualsARebuild(seed: UInt64) throws {
        var history = try RandomHistory(seed: seed)
        for _ in 0..<250 { history.step() }
        let delivered = history.deliveryOrder()
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        let store = try ProjectionStore(log: log)
        var rng = SplitMix64(seed: seed &* 31)
        var offset = 0
        var folded = 0
        while offset < delivered.count {
            let count = Int.random(in: 1...40, using: &rng)
            let chunk = Array(delivered[offset..<min(offset + count, delivered.count)])
            offset += chunk.count
            #expect(try log.ingest(chunk).allSatisfy(\.isHeld))
            let report = try store.catchUp(log: log, batchSize: Int.random(in: 1...50, using: &rng))
            folded += report.folded + report.flagged
        }
        #expect(folded == delivered.count)
        let incremental = try storeDigests(store)
        #expect(incremental == pureDigests(delivered))
        #expect(incremental == pureDigests(history.events))

        let rebuilt = try store.rebuild(log: log)
        // This log judges with the domain catalog, so invalid events arrive flagged and are never offered.
        #expect(rebuilt.folded + rebuilt.flagged == delivered.count && rebuilt.flagged > 0)
        #expect(try storeDigests(store) == incremental)
        let status = try store.status()
        #expect(status.checkpoint == (try log.lastInsertionID()) && status.flagged == Int64(rebuilt.flagged))
        // The history exercises conflicts, so the stored heads must keep both sides.
        #expect(
            String(decoding: try store.snapshot(.meetings).canonicalJSON, as: UTF8.self).contains("\"conflict\":true"))
    }

    @Test func reopenedStoreResumesFromItsCheckpoint() throws {
        var history = try RandomHistory(seed: 11)
        for _ in 0..<150 { history.step() }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(history.events)
        let partial = try ProjectionStore(log: log).catchUp(log: log, batchSize: 40, maxBatches: 2)
        #expect(partial.folded + partial.flagged == 80 && partial.checkpoint == 80)
        log.close()

        // As after a crash: only what was committed is there, and the checkpoint says how far it got.
        let reopened = try EventLog(directory: directory, validator: DomainCatalog.standard)
        defer { reopened.close() }
        let store = try ProjectionStore(log: reopened)
        #expect(try store.status().checkpoint == 80)
        let rest = try store.catchUp(log: reopened, batchSize: 40)
        #expect(rest.folded + rest.flagged == history.events.count - 80)
        #expect(try storeDigests(store) == pureDigests(history.events))
        #expect(try store.catchUp(log: reopened).folded == 0)
    }

    @Test func lateEventsCostWorkProportionalToThemNotToTheLog() throws {
        var server = TestNode("krs-server", 287, startMillis: 1_760_000_000_000)
        var laptop = TestNode("krs-laptop", 287, startMillis: 1_700_000_000_000)
        var recent: [Event] = []
        for index in 0..<400 {
            let indicator = ["befrienders", "lectures", "meeting-places", "unit-meetings"][index % 4]
            let year = 2023 + index % 3
            let stream = "figure/\(indicator)/287/\(year)"
            let parents = recent.last { $0.stream.rawValue == stream }.map { [$0.hash] } ?? []
            recent.append(
                server.write(
                    parents.isEmpty ? DomainEventType.followUpReported : DomainEventType.followUpCorrected, stream,
                    figurePayload(indicator, 287, year, value: index), parents: parents))
        }
        var late: [Event] = []
        for index in 0..<12 {
            late.append(
                laptop.write(
                    DomainEventType.meetingMinutes, "meeting/k\(index % 4)",
                    ["meeting": .string("k\(index % 4)"), "text": .string("skrivet offline \(index)")]))
        }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        let store = try ProjectionStore(log: log)
        _ = try log.ingest(recent)
        #expect(try store.catchUp(log: log).folded == recent.count)

        _ = try log.ingest(late)
        let work = try store.catchUp(log: log)
        #expect(work.folded == late.count)
        // Each late minutes version is one head row (plus a superseded row and a delete per parent): O(1) each.
        #expect(work.rowWrites <= late.count * 3)
        #expect(try storeDigests(store) == pureDigests((recent + late).sorted { $0.hlc < $1.hlc }))
        let incremental = try storeDigests(store)
        try store.rebuild(log: log)
        #expect(try storeDigests(store) == incremental)
    }

    @Test func conflictingEditsKeepBothHeadsUntilAnEditListsBoth() throws {
        var server = TestNode("krs-server", 287)
        var laptop = TestNode("krs-laptop", 287)
        let scheduled = server.write(
            DomainEventType.meetingScheduled, "meeting/2025-1",
            ["meeting": "2025-1", "date": "2025-03-12", "host": 287, "place": "Stadshuset"])
        let onServer = server.write(
            DomainEventType.meetingMinutes, "meeting/2025-1", ["meeting": "2025-1", "text": "A"])
        let onLaptop = laptop.write(
            DomainEventType.meetingMinutes, "meeting/2025-1", ["meeting": "2025-1", "text": "B"])
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        let store = try ProjectionStore(log: log)
        _ = try log.ingest([scheduled, onServer, onLaptop])
        try store.catchUp(log: log)
        #expect(try store.meetings().minutesRegister("2025-1")?.isConflict == true)
        // Judged as it stands, never stored: what a coordinator's next edit of the minutes would be.
        var scratch = TestNode("scratch", 287)
        let probe = scratch.write(DomainEventType.meetingMinutes, "meeting/2025-1", ["meeting": "2025-1", "text": "C"])
        #expect(try store.heads(forEditLike: probe) == [onServer.hash, onLaptop.hash].sorted())
        // The schedule is another item of the same stream: its head is not a parent of the minutes.
        #expect(try store.heads(forEditLike: probe)?.contains(scheduled.hash) == false)

        let resolved = server.write(
            DomainEventType.meetingMinutes, "meeting/2025-1", ["meeting": "2025-1", "text": "A+B"],
            parents: [onServer.hash, onLaptop.hash])
        _ = try log.ingest([resolved])
        try store.catchUp(log: log)
        let minutes = try #require(try store.meetings().minutesRegister("2025-1"))
        #expect(!minutes.isConflict && minutes.current?.value["text"] == "A+B")
        #expect(try store.heads(forEditLike: probe) == [resolved.hash])
        #expect(try storeDigests(store) == pureDigests([scheduled, onServer, onLaptop, resolved]))
    }

    @Test func tablesOfAnOlderVersionAreRebuiltAndANewerOneIsRefused() throws {
        var history = try RandomHistory(seed: 5)
        for _ in 0..<20 { history.step() }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(history.events)
        let store = try ProjectionStore(log: log)
        try store.catchUp(log: log)
        let digests = try storeDigests(store)

        try log.database.execute("UPDATE view_meta SET value = 0 WHERE key = 'version'")
        let upgraded = try ProjectionStore(log: log)
        #expect(try upgraded.status().checkpoint == 0)
        try upgraded.catchUp(log: log)
        #expect(try storeDigests(upgraded) == digests)

        try log.database.execute("UPDATE view_meta SET value = 99 WHERE key = 'version'")
        #expect(throws: ProjectionError.newerVersion(found: 99, supported: 3)) { try ProjectionStore(log: log) }
    }

    /// A meeting with a last-writer-wins status row and a versioned schedule row, folded.
    func heldMeeting() throws -> (log: EventLog, directory: String, node: TestNode, events: [Event]) {
        var server = TestNode("krs-server", 287)
        let scheduled = server.write(
            DomainEventType.meetingScheduled, "meeting/2025-1",
            ["meeting": "2025-1", "date": "2025-03-12", "host": 287, "place": "Stadshuset"])
        let held = server.write(
            DomainEventType.meetingHeld, "meeting/2025-1", ["meeting": "2025-1", "date": "2025-03-12"])
        let (log, directory) = try makeLog()
        #expect(try log.ingest([scheduled, held]).allSatisfy(\.isHeld))
        try ProjectionStore(log: log).catchUp(log: log)
        return (log, directory, server, [scheduled, held])
    }

    @Test func aRowNamingNoEventOfTheLogIsReportedOnReadAndOnFold() throws {
        let (log, directory, node, folded) = try heldMeeting()
        defer { cleanUp(directory) }
        var server = node
        try log.database.execute("UPDATE view_heads SET event = 999 WHERE view = 'meetings' AND section = 'status'")

        // Read: the meetings view cannot be built, and says which row and why; the other views still can.
        let store = try ProjectionStore(log: log)
        let error = #expect(throws: ProjectionError.self) { try store.meetings() }
        #expect(error?.description.contains("meetings view") == true)
        #expect(error?.description.contains("names event #999, which the log does not hold") == true)
        #expect(try store.snapshot(.followup).digest == pureDigests(folded)["followup"])

        // Fold: a later status of the same meeting must be weighed against the held one, which is missing.
        let cancelled = server.write(DomainEventType.meetingCancelled, "meeting/2025-1", ["meeting": "2025-1"])
        _ = try log.ingest([cancelled])
        let checkpoint = try store.status().checkpoint
        #expect(throws: ProjectionError.self) { try store.catchUp(log: log) }
        #expect(try store.status().checkpoint == checkpoint)

        // What the error tells the user to do mends it.
        try store.rebuild(log: log)
        #expect(try storeDigests(store) == pureDigests(folded + [cancelled]))
    }

    @Test func aRowNamingAnotherEventIsReported() throws {
        let (log, directory, _, events) = try heldMeeting()
        defer { cleanUp(directory) }
        // The status row now names the schedule event, whose hash is not the row's.
        try log.database.execute(
            "UPDATE view_heads SET event = (SELECT id FROM events WHERE hash = ?) WHERE section = 'status'",
            [events[0].hash.bytes])
        let error = #expect(throws: ProjectionError.self) { try ProjectionStore(log: log).digests() }
        #expect(error?.description.contains("whose hash differs") == true)
    }

    @Test func anUnreadableEventIsReportedAsTheLogsFault() throws {
        let (log, directory, _, events) = try heldMeeting()
        defer { cleanUp(directory) }
        try log.database.execute("UPDATE events SET channel = 'nowhere' WHERE hash = ?", [events[1].hash.bytes])
        let error = #expect(throws: EventLogError.self) { try ProjectionStore(log: log).meetings() }
        #expect(error?.description.contains("samverkan verify") == true)
    }
}
