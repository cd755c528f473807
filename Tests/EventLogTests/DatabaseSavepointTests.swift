import EventLog
import Testing

/// `Database.inTransaction` inside another transaction: a savepoint whose work commits with the outer
/// transaction, and whose failure undoes only its own writes.
@Suite struct DatabaseSavepointTests {
    private func makeDatabase() throws -> (Database, String) {
        let directory = makeTemporaryDirectory("savepoint")
        let database = try Database(path: directory + "/test.sqlite")
        try database.execute("CREATE TABLE notes (text TEXT NOT NULL)")
        return (database, directory)
    }

    private func texts(_ database: Database) throws -> [String] {
        var texts: [String] = []
        try database.makeStatement("SELECT text FROM notes ORDER BY rowid").forEachRow { texts.append($0.text(0)) }
        return texts
    }

    struct Refused: Error {}

    /// Runs `writes` in a transaction that then fails; whether the failure came back to the caller.
    /// (Not `#expect(throws:)` inside the transactions' closures: with Swift 6.3.1 it reported no error there while
    /// the same closure, called in a `do`/`catch`, threw; and wrapped around this call the compiler crashed.)
    private func failsInside(_ database: Database, _ writes: () throws -> Void) throws -> Bool {
        do {
            try database.inTransaction {
                try writes()
                throw Refused()
            }
        } catch is Refused {
            return true
        }
        return false
    }

    @Test func aNestedTransactionCommitsWithTheOuterOneAndAFailedOneUndoesOnlyItsOwnWrites() throws {
        let (database, directory) = try makeDatabase()
        defer { cleanUp(directory) }
        let serialBefore = database.transactionSerial
        try database.inTransaction {
            try database.execute("INSERT INTO notes (text) VALUES ('outer')")
            try database.inTransaction { try database.execute("INSERT INTO notes (text) VALUES ('kept')") }
            let undone = try failsInside(database) { try database.execute("INSERT INTO notes (text) VALUES ('undone')") }
            #expect(undone)
            #expect(database.isInsideTransaction)
            try database.execute("INSERT INTO notes (text) VALUES ('after')")
        }
        #expect(!database.isInsideTransaction)
        #expect(try texts(database) == ["outer", "kept", "after"])
        // One outer transaction, plus one for the savepoint that failed: what it noted as done may be undone.
        #expect(database.transactionSerial == serialBefore + 2)
    }

    @Test func anOuterFailureUndoesTheNestedWorkToo() throws {
        let (database, directory) = try makeDatabase()
        defer { cleanUp(directory) }
        #expect(throws: Refused.self) {
            try database.inTransaction {
                try database.inTransaction { try database.execute("INSERT INTO notes (text) VALUES ('nested')") }
                throw Refused()
            }
        }
        #expect(!database.isInsideTransaction)
        #expect(try texts(database).isEmpty)
        // The connection is usable again afterwards, at any depth.
        try database.inTransaction {
            try database.inTransaction { try database.execute("INSERT INTO notes (text) VALUES ('again')") }
        }
        #expect(try texts(database) == ["again"])
    }

    @Test func nestedTransactionsNestSeveralDeep() throws {
        let (database, directory) = try makeDatabase()
        defer { cleanUp(directory) }
        try database.inTransaction {
            try database.inTransaction {
                try database.execute("INSERT INTO notes (text) VALUES ('two')")
                let undone = try failsInside(database) { try database.execute("INSERT INTO notes (text) VALUES ('three')") }
                #expect(undone)
            }
            try database.execute("INSERT INTO notes (text) VALUES ('one')")
        }
        #expect(try texts(database) == ["two", "one"])
    }
}
