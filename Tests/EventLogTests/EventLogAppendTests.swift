import EventLog
import EventModel
import Foundation
import Testing

@Suite struct EventLogAppendTests {
    @Test func appendsFormAGaplessHashChain() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let stored = try log.append([note("a"), note("b"), note("c")])
        #expect(stored.map(\.seq) == [1, 2, 3])
        #expect(stored[0].previous == .zero)
        #expect(stored[1].previous == stored[0].hash)
        #expect(stored[2].previous == stored[1].hash)
        #expect(stored.allSatisfy { $0.hasValidHash })
        #expect(stored.map(\.origin.description) == Array(repeating: "krs-server.1", count: 3))
        let vector = try log.vector()
        #expect(vector[ChainKey(channel: .region, origin: log.identity.origin)] == ChainHead(seq: 3, hash: stored[2].hash))
        #expect(try log.verify().isSound)
    }

    @Test func channelsHaveChainsOfTheirOwn() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let own = Channel.municipality(MunicipalityCode(287)!)
        _ = try log.append(note("r1"))
        let caseEvent = try log.append(note("c1", stream: "case/x", channel: own, type: "test.case"))
        #expect(caseEvent.seq == 1)
        #expect(try log.append(note("r2")).seq == 2)
    }

    @Test func aRefusedEventRefusesTheWholeBatchNamingTheField() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let bad = try NewEvent(
            channel: .region, stream: StreamID("note/1")!, type: EventType("test.note")!, author: Author("t")!,
            payload: ["text": 42])
        do {
            _ = try log.append([note("fine"), bad])
            Issue.record("the batch should have been refused")
        } catch EventLogError.invalidEvent(let error) {
            #expect(error.field == "payload.text")
        }
        #expect(try log.lastInsertionID() == 0)
        #expect(try log.vector().heads.isEmpty)
    }

    @Test func unknownTypesAndForeignChannelsAreRefusedLocally() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        #expect(throws: EventLogError.self) { try log.append(note("x", type: "nobody.knows")) }
        let malax = Channel.municipality(MunicipalityCode(475)!)
        #expect(throws: EventLogError.self) { try log.append(note("x", stream: "case/y", channel: malax, type: "test.case")) }
        #expect(try log.lastInsertionID() == 0)
    }

    @Test func aNodeReadsTheRegionAndItsOwnMunicipalityOnly() throws {
        let identity = NodeIdentity(node: NodeID("krs")!, municipality: MunicipalityCode(287)!)
        let channels = [Channel.region] + [287, 231, 545, 280, 475].map { Channel.municipality(MunicipalityCode($0)!) }
        for channel in channels {
            #expect(identity.canRead(channel) == identity.readableChannels.contains(channel))
        }
        #expect(channels.filter(identity.canRead) == [.region, .municipality(MunicipalityCode(287)!)])
    }

    @Test func expectedStreamVersionGuardsConcurrentEdits() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.append(note("v1", stream: "minutes/1", expectedVersion: 0))
        _ = try log.append(note("v2", stream: "minutes/1", expectedVersion: 1))
        do {
            _ = try log.append(note("stale", stream: "minutes/1", expectedVersion: 1))
            Issue.record("a stale expected version must be refused")
        } catch EventLogError.wrongExpectedVersion(let stream, let expected, let actual) {
            #expect(stream == "minutes/1" && expected == 1 && actual == 2)
        }
        #expect(try log.streamVersion(StreamID("minutes/1")!) == 2)
    }

    @Test func expectedVersionsInOneBatchCountTheEventsStoredBeforeThem() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.append(note("other", stream: "minutes/3"))
        let results = try log.appendEach([
            note("a", stream: "minutes/2", expectedVersion: 0), note("b", stream: "minutes/2", expectedVersion: 1),
            note("stale", stream: "minutes/2", expectedVersion: 1), note("c", stream: "minutes/2", expectedVersion: 2),
            note("d", stream: "minutes/3", expectedVersion: 1),
        ])
        #expect(results.map { (try? $0.get()) != nil } == [true, true, false, true, true])
        #expect(try log.streamVersion(StreamID("minutes/2")!) == 3)
        #expect(try log.streamVersion(StreamID("minutes/3")!) == 2)
    }

    @Test func clockIsMonotonicAcrossRestartsEvenWhenTheWallClockGoesBack() throws {
        let clock = ManualClock(5_000_000)
        let (log, directory) = try makeTemporaryLog(clock: clock)
        defer { cleanUp(directory) }
        let first = try log.append(note("a"))
        log.close()
        clock.set(1_000)
        let reopened = try EventLog(directory: directory, validator: testCatalog, clock: clock)
        let second = try reopened.append(note("b"))
        #expect(second.hlc > first.hlc)
        #expect(second.hlc.wallMillis == 5_000_000)
    }

    @Test func aClosedLogRefusesWorkInsteadOfCrashing() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.append(note("before"))
        log.close()
        #expect(throws: DatabaseError.self) { try log.append(note("after")) }
        #expect(throws: DatabaseError.self) { try log.vector() }
    }

    @Test func initRefusesAnExistingNode() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        log.close()
        #expect(throws: EventLogError.self) {
            try EventLog.create(
                directory: directory, identity: NodeIdentity(node: NodeID("other")!, municipality: MunicipalityCode(231)!),
                validator: testCatalog)
        }
        #expect(throws: EventLogError.self) { try EventLog(directory: directory + "-missing", validator: testCatalog) }
    }

    @Test func verifyFindsTampering() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.append([note("a"), note("b"), note("c")])
        try log.database.execute("UPDATE events SET payload = '{\"text\":\"forged\"}' WHERE seq = 2")
        let report = try log.verify()
        #expect(!report.isSound)
        #expect(report.faults.contains { $0.contains("#2") && $0.contains("hash") })
        // Heads are read from the events (schema 4), so a lost event shows as a gap in its chain.
        try log.database.execute("DELETE FROM events WHERE seq = 2")
        #expect(try log.verify().faults.contains { $0.contains("#3") && $0.contains("expected seq 2") })
    }

    @Test func databaseQueueServesAsyncCallersOffThePool() async throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let queue = DatabaseQueue(label: "test.log", resource: log)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask { _ = try await queue.run { try $0.append(note("task \(index)")) } }
            }
            try await group.waitForAll()
        }
        let count = try await queue.run { try $0.lastInsertionID() }
        #expect(count == 8)
        #expect(try queue.sync { try $0.verify() }.isSound)
    }
}
