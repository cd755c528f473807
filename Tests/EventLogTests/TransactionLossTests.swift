import CSQLite
import Testing

@testable import EventLog

/// After some errors SQLite rolls back the whole transaction, not only the failing statement. What a caller then
/// runs inside the same `inTransaction` must fail rather than commit statement by statement.
@Suite struct TransactionLossTests {
    private func texts(_ database: Database) throws -> [String] {
        var texts: [String] = []
        try database.makeStatement("SELECT text FROM notes ORDER BY rowid").forEachRow { texts.append($0.text(0)) }
        return texts
    }

    /// Runs `body`; the error it threw as a `DatabaseError`, nil when it threw none.
    private func failure(_ body: () throws -> Void) -> DatabaseError? {
        do {
            try body()
            return nil
        } catch {
            return error as? DatabaseError ?? DatabaseError(resultCode: -1, message: "\(error)")
        }
    }

    @Test func aCallerThatGoesOnAfterTheWholeTransactionWasRolledBackStoresNothing() throws {
        let directory = makeTemporaryDirectory("transaction-loss")
        defer { cleanUp(directory) }
        let database = try Database(path: directory + "/test.sqlite")
        try database.execute("CREATE TABLE notes (text TEXT NOT NULL)")
        var interrupted: DatabaseError?
        var plainAfter: DatabaseError?
        var boundAfter: DatabaseError?
        var nestedAfter: DatabaseError?
        let outer = failure {
            try database.inTransaction {
                try database.execute("INSERT INTO notes (text) VALUES ('before')")
                interrupted = failure {
                    try database.inTransaction {
                        // An interrupted write inside an explicit transaction makes SQLite roll all of it back.
                        sqlite3_progress_handler(database.handle, 1, { _ in 1 }, nil)
                        defer { sqlite3_progress_handler(database.handle, 0, nil, nil) }
                        try database.execute("INSERT INTO notes (text) VALUES ('interrupted')")
                    }
                }
                // A careless caller catches that and goes on.
                plainAfter = failure { try database.execute("INSERT INTO notes (text) VALUES ('plain after')") }
                boundAfter = failure { try database.execute("INSERT INTO notes (text) VALUES (?)", ["bound after"]) }
                nestedAfter = failure {
                    try database.inTransaction { try database.execute("INSERT INTO notes (text) VALUES ('nested after')") }
                }
            }
        }
        #expect(interrupted?.resultCode == SQLITE_INTERRUPT)
        for refused in [plainAfter, boundAfter, nestedAfter, outer] {
            #expect(refused?.resultCode == SQLITE_ABORT)
        }
        #expect(!database.isInsideTransaction)
        #expect(try texts(database).isEmpty)
        // Once the outermost transaction has ended, the connection works as before.
        try database.inTransaction { try database.execute("INSERT INTO notes (text) VALUES ('again')") }
        #expect(try texts(database) == ["again"])
    }

    @Test func aFailedStatementThatSQLiteUndidAloneLeavesTheTransactionUsable() throws {
        let directory = makeTemporaryDirectory("transaction-kept")
        defer { cleanUp(directory) }
        let database = try Database(path: directory + "/test.sqlite")
        try database.execute("CREATE TABLE notes (text TEXT NOT NULL UNIQUE)")
        try database.inTransaction {
            try database.execute("INSERT INTO notes (text) VALUES ('one')")
            let duplicate = failure { try database.execute("INSERT INTO notes (text) VALUES ('one')") }
            #expect(duplicate?.isUniqueViolation == true)
            try database.execute("INSERT INTO notes (text) VALUES ('two')")
        }
        #expect(try texts(database) == ["one", "two"])
    }
}
