import CSQLite

/// Database owns one SQLite connection.
///
/// Not `Sendable`: a connection has one serial owner (see `DatabaseQueue`), as in GRDB. Statements
/// are prepared once and cached; they are finalized deterministically when the database closes.
public final class Database {
    /// How durable a commit is.
    public enum Durability: Sendable {
        /// `synchronous=FULL`: a committed transaction survives power loss. For the event log.
        case full
        /// `synchronous=NORMAL`: may lose the last commits on power loss, never corrupts. For caches.
        case normal
    }

    let handle: OpaquePointer
    /// The file path.
    public let path: String
    private var statementCache: [String: Statement] = [:]
    private var staticStatementCache: [UnsafeRawPointer: Statement] = [:]
    private var isClosed = false
    /// Counts the transactions `inTransaction` began (and its savepoints that failed, whose writes are undone), so a
    /// caller can tell whether what it noted in a transaction still holds.
    public private(set) var transactionSerial = 0
    /// How many `inTransaction` calls are open, in an object of its own that statements hold strongly and read
    /// on every step without going through this one (an unowned load of `Database` is two atomics).
    let openTransactionScopes = TransactionScopes()

    /// SQLite's process-wide settings, made before its first connection: no memory statistics, which cost a
    /// global mutex on every allocation (≈ 900 instructions an ingested event) and are never read.
    private static let configuredOnce: Void = { _ = csqlite_disable_memory_statistics() }()

    /// Opens (creating when asked) the database at `path` in WAL mode with the given durability.
    public init(path: String, create: Bool = true, durability: Durability = .full, busyTimeoutMillis: Int32 = 10_000) throws {
        _ = Self.configuredOnce
        var connection: OpaquePointer?
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        if create { flags |= SQLITE_OPEN_CREATE }
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = DatabaseError(connection: connection, code: code, sql: nil)
            sqlite3_close_v2(connection)
            throw error
        }
        self.handle = connection
        self.path = path
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeoutMillis)
        try execute("PRAGMA journal_mode=WAL")
        try execute(durability == .full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
        try execute("PRAGMA foreign_keys=ON")
        // 16 MiB of page cache instead of SQLite's 2 MiB: with the default, an ingesting node spent
        // 9 % of its time in pread(2) re-reading index pages of the events table. A node opens a few
        // connections, so this stays well inside the 150 MB a node may use.
        try execute("PRAGMA cache_size=-16384")
        // Checkpoint after 32 MiB of log instead of SQLite's 4 MiB. A catching-up node's page of events dirties
        // index pages all over the file, and at 4 MiB nearly every page's commit was followed by a checkpoint
        // that wrote them all back, with two more fsyncs (37 checkpoints for 40 pages of 5,000 events). Over a
        // 32 MiB log, an index page touched by several commits is written back once. The file is cut back to
        // 64 MiB after a checkpoint, so a large transaction leaves no giant file behind.
        try execute("PRAGMA wal_autocheckpoint=8192")
        try execute("PRAGMA journal_size_limit=67108864")
    }

    deinit { close() }

    /// Finalizes every cached statement and closes the connection; later use is a programming error.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        statementCache.removeAll()
        staticStatementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Refuses use after `close()`: a request finishing during shutdown gets an error, not a crash.
    private func ensureOpen() throws {
        guard !isClosed else {
            throw DatabaseError(resultCode: SQLITE_MISUSE, message: "the database is closed (the node is stopping)")
        }
    }

    /// Runs one or more SQL statements that take no arguments.
    public func execute(_ sql: String) throws {
        try ensureOpen()
        try Self.refuseIfTransactionLost(handle, openTransactionScopes)
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw DatabaseError(resultCode: code, extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Runs one statement with arguments.
    public func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws {
        try cachedStatement(sql).execute(arguments)
    }

    /// A new prepared statement, finalized when released.
    public func makeStatement(_ sql: String) throws -> Statement {
        try ensureOpen()
        return try Statement(database: self, sql: sql, persistent: false)
    }

    /// A prepared statement kept for reuse by later calls with the same SQL.
    public func cachedStatement(_ sql: String) throws -> Statement {
        try ensureOpen()
        if let statement = statementCache[sql] { return statement }
        let statement = try Statement(database: self, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// A prepared statement for SQL fixed at compile time, found by the address of its text rather than
    /// by hashing it: for statements run once per event.
    func cachedStatement(static sql: StaticString) throws -> Statement {
        try ensureOpen()
        let key = UnsafeRawPointer(sql.utf8Start)
        if let statement = staticStatementCache[key] { return statement }
        let statement = try cachedStatement(sql.description)
        staticStatementCache[key] = statement
        return statement
    }

    /// The first column of the first row, as an integer, or nil when there is no row or it is NULL.
    public func int64(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Int64? {
        try cachedStatement(sql).firstRow(arguments) { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
    }

    /// The first column of the first row, as text, or nil.
    public func text(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> String? {
        try cachedStatement(sql).firstRow(arguments) { $0.optionalText(0) } ?? nil
    }

    /// The rowid of the last inserted row.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open.
    public var isInsideTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// A number that changes whenever the main database's content changes, whether through this connection or
    /// through a transaction another connection (or process) committed; nil when this SQLite cannot tell
    /// (before 3.26). Unlike `PRAGMA data_version` it also moves with this connection's own commits, and unlike
    /// `sqlite3_total_changes` with other connections', so equal numbers mean nobody wrote in between. Another
    /// connection's commit shows once this one has started a transaction.
    public var dataVersion: UInt32? {
        var version: UInt32 = 0
        return sqlite3_file_control(handle, "main", SQLITE_FCNTL_DATA_VERSION, &version) == SQLITE_OK ? version : nil
    }

    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Takes the write lock at the first write.
        case deferred = "DEFERRED"
        /// Takes the write lock at once, so reads inside see what no other writer can change.
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Inside another transaction it runs in a savepoint: a failure undoes only its own work, and the outer
    /// transaction alone commits, as the kind it began with (`kind` applies to the outermost only). So a caller can
    /// make several writes that each take a transaction one commit (a commit is an fsync at `synchronous=FULL`).
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInsideTransaction { return try inSavepoint(body) }
        // Begun here, a new transaction would commit on its own what the caller meant for the lost one.
        try Self.refuseIfTransactionLost(handle, openTransactionScopes)
        transactionSerial += 1
        // Prepared once like any per-event statement: parsing BEGIN and COMMIT again for every durable
        // single append was 5 % of its instructions.
        switch kind {
        case .immediate: try cachedStatement(static: "BEGIN IMMEDIATE TRANSACTION").execute()
        case .deferred: try cachedStatement(static: "BEGIN DEFERRED TRANSACTION").execute()
        }
        openTransactionScopes.depth += 1
        defer { openTransactionScopes.depth -= 1 }
        let result: T
        do {
            result = try body()
        } catch {
            try? execute("ROLLBACK TRANSACTION")
            throw error
        }
        do {
            try cachedStatement(static: "COMMIT TRANSACTION").execute()
        } catch {
            try? execute("ROLLBACK TRANSACTION")
            throw error
        }
        return result
    }

    private func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        try cachedStatement(static: "SAVEPOINT nested").execute()
        openTransactionScopes.depth += 1
        defer { openTransactionScopes.depth -= 1 }
        do {
            let result = try body()
            try cachedStatement(static: "RELEASE SAVEPOINT nested").execute()
            return result
        } catch {
            // What the body noted as done in this transaction (`transactionSerial`) may be undone with it.
            transactionSerial += 1
            try? execute("ROLLBACK TRANSACTION TO SAVEPOINT nested")
            try? execute("RELEASE SAVEPOINT nested")
            throw error
        }
    }

    /// Refuses a statement inside an `inTransaction` whose transaction SQLite has already rolled back.
    ///
    /// After some errors (an I/O error, an interrupt) SQLite rolls back the whole transaction, not only the failed
    /// statement. A caller that caught such an error and went on would otherwise run its next statements in
    /// autocommit, each committed on its own, and the outer commit would then fail with part of its work stored.
    @inline(__always)
    static func refuseIfTransactionLost(_ handle: OpaquePointer, _ scopes: TransactionScopes) throws {
        guard scopes.depth > 0, sqlite3_get_autocommit(handle) != 0 else { return }
        throw DatabaseError(
            resultCode: SQLITE_ABORT,
            message: "SQLite rolled back the whole transaction after an earlier error; nothing more is written until "
                + "the outermost transaction has ended")
    }
}

/// TransactionScopes counts the `inTransaction` calls open on one connection (`Database.refuseIfTransactionLost`).
final class TransactionScopes {
    var depth = 0
}
