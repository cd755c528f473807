import CSQLite
import EventLog
import Testing

/// The settings every connection of a node gets (`Database.init`), read back from SQLite itself.
@Suite struct DatabaseSettingsTests {
    @Test func aConnectionCheckpointsAfter32MiBAndKeepsNoMemoryStatistics() throws {
        let directory = makeTemporaryDirectory("settings")
        defer { cleanUp(directory) }
        let database = try Database(path: directory + "/test.sqlite")
        #expect(try database.int64("PRAGMA wal_autocheckpoint") == 8192)
        #expect(try database.int64("PRAGMA journal_size_limit") == 64 << 20)
        #expect(try database.text("PRAGMA journal_mode") == "wal")
        try database.execute("CREATE TABLE notes (text TEXT NOT NULL)")
        try database.inTransaction {
            for number in 1...100 { try database.execute("INSERT INTO notes (text) VALUES ('note \(number)')") }
        }
        // With statistics on, SQLite counts every allocation it holds (its page cache alone is kilobytes).
        #expect(sqlite3_memory_used() == 0)
    }
}
