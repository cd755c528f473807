import EventLog
import EventModel
import Foundation
import Testing

/// A log written by the code of schema 2 opens under the current schema with nothing lost.
///
/// `Fixtures/log-schema-2.sqlite` was made by the release build of commit c775348 (schema 2: the clock
/// in the node row, stream versions in their own table): `init`, `programme import`, a figure
/// reported and corrected, a meeting and its minutes written twice.
@Suite struct LogMigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/log-schema-2.sqlite").path

    /// What schema 2 stored, read from a copy of the fixture before the current code opens it.
    struct Schema2State {
        var hlc: Int64 = 0
        var versions: [String: Int64] = [:]
        var eventCount: Int64 = 0
        var heads: [String: ChainHead] = [:]
    }

    func copyFixture() throws -> (directory: String, before: Schema2State) {
        let directory = makeTemporaryDirectory("schema-2")
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: directory + "/" + EventLog.fileName)
        let database = try Database(path: directory + "/" + EventLog.fileName, create: false)
        defer { database.close() }
        #expect(try database.int64("PRAGMA user_version") == 2)
        var state = Schema2State()
        state.hlc = Int64(try database.text("SELECT value FROM node WHERE key = 'hlc'") ?? "") ?? -1
        state.eventCount = try database.int64("SELECT count(*) FROM events") ?? -1
        try database.makeStatement("SELECT stream, version FROM streams").forEachRow { row in
            state.versions[row.text(0)] = row.int64(1)
        }
        try database.makeStatement("SELECT channel, origin, seq, hash FROM chains").forEachRow { row in
            state.heads["\(row.text(0)) \(row.text(1))"] = ChainHead(seq: row.int64(2), hash: EventHash(bytes: row.blob(3))!)
        }
        return (directory, state)
    }

    @Test func streamVersionsAndTheClockOfASchema2LogCarryOver() throws {
        let (directory, before) = try copyFixture()
        defer { cleanUp(directory) }
        #expect(before.hlc > 0 && before.eventCount > 50 && before.versions.values.contains { $0 > 2 })
        // The wall clock stands a year behind the fixture's clock, so only the kept HLC orders new events after it.
        let clock = ManualClock(1_764_000_000_000)
        let log = try EventLog(directory: directory, validator: testCatalog, clock: clock)
        #expect(try log.database.int64("PRAGMA user_version") == 4)
        #expect(try log.lastHLC().rawValue == before.hlc)
        // Schema 4 reads heads from the events; they must be the heads schema 2 stored in its chain rows.
        let vector = try log.vector()
        #expect(!before.heads.isEmpty && vector.heads.count == before.heads.count)
        for (key, head) in vector.heads { #expect(before.heads[key.description] == head, "\(key)") }
        #expect(try log.verify().isSound)
        for (stream, version) in before.versions {
            #expect(try log.streamVersion(StreamID(stream)!) == version, "\(stream)")
        }
        #expect(try log.streamVersion(StreamID("meeting/never-held")!) == 0)

        let meeting = StreamID("meeting/2025-1")!
        let held = try #require(before.versions[meeting.rawValue])
        #expect(throws: EventLogError.self) { try log.append(note("stale", stream: meeting.rawValue, expectedVersion: held - 1)) }
        let stored = try log.append(note("next", stream: meeting.rawValue, expectedVersion: held))
        #expect(stored.hlc.rawValue > before.hlc)
        #expect(stored.seq == before.eventCount + 1)
        #expect(try log.streamVersion(meeting) == held + 1)
        log.close()

        let reopened = try EventLog(directory: directory, validator: testCatalog, clock: clock)
        defer { reopened.close() }
        #expect(try reopened.lastHLC() == stored.hlc)
        #expect(try reopened.append(note("after restart")).hlc > stored.hlc)
    }
}
