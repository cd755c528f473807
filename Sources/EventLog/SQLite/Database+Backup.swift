import CSQLite

extension Database {
    /// Copies the whole database to a new file at `path` with SQLite's online backup API.
    ///
    /// All pages are copied in one step, inside one read transaction, so the copy is a consistent
    /// snapshot even while other connections (the serving node) keep writing.
    public func backup(to path: String) throws {
        var destination: OpaquePointer?
        let openCode = sqlite3_open_v2(path, &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard openCode == SQLITE_OK, let destination else {
            let error = DatabaseError(connection: destination, code: openCode, sql: nil)
            sqlite3_close_v2(destination)
            throw error
        }
        defer { sqlite3_close_v2(destination) }
        guard let backup = sqlite3_backup_init(destination, "main", handle, "main") else {
            throw DatabaseError(connection: destination, code: sqlite3_errcode(destination), sql: "backup to \(path)")
        }
        var code = SQLITE_OK
        for _ in 0..<1_000 {
            code = sqlite3_backup_step(backup, -1)
            guard code == SQLITE_BUSY || code == SQLITE_LOCKED else { break }
            sqlite3_sleep(50)
        }
        let finish = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finish == SQLITE_OK else {
            throw DatabaseError(connection: destination, code: code == SQLITE_DONE ? finish : code, sql: "backup to \(path)")
        }
    }
}
