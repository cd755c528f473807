import CSQLite

/// Statement is a prepared SQLite statement, finalized when it goes away.
///
/// Not `Sendable`: like its `Database`, it belongs to one serial owner.
public final class Statement {
    let handle: OpaquePointer
    /// The SQL text, for error messages.
    public let sql: String
    private unowned let database: Database
    private let databaseHandle: OpaquePointer
    private let openTransactionScopes: TransactionScopes

    init(database: Database, sql: String, persistent: Bool) throws {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(database.handle, sql, -1, flags, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(connection: database.handle, code: code, sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.database = database
        self.databaseHandle = database.handle
        self.openTransactionScopes = database.openTransactionScopes
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `arguments` to its parameters, in order.
    public func bind(_ arguments: [any DatabaseValueConvertible]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, argument) in arguments.enumerated() {
            try bind(argument.databaseValue, at: Int32(offset + 1))
        }
    }

    /// Resets the statement and clears its bindings, for binding one by one with the typed binds.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds text to the parameter at `index` (from 1) without going through `DatabaseValue`.
    public func bind(text: String, at index: Int32) throws {
        var text = text
        let code = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { csqlite_bind_text(handle, index, $0.baseAddress, Int32($0.count)) }
        }
        guard code == SQLITE_OK else { throw DatabaseError(connection: database.handle, code: code, sql: sql) }
    }

    /// Binds an integer to the parameter at `index`.
    public func bind(integer: Int64, at index: Int32) throws {
        let code = sqlite3_bind_int64(handle, index, integer)
        guard code == SQLITE_OK else { throw DatabaseError(connection: database.handle, code: code, sql: sql) }
    }

    /// Binds bytes to the parameter at `index`.
    public func bind(blob: [UInt8], at index: Int32) throws {
        let code = blob.withUnsafeBytes {
            csqlite_bind_blob(handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count))
        }
        guard code == SQLITE_OK else { throw DatabaseError(connection: database.handle, code: code, sql: sql) }
    }

    /// Binds bytes to the parameter at `index` without copying them: SQLite reads them where they are, so they must
    /// stay in place and unchanged until the statement has run with them. SQLite's rule is stricter (until the
    /// parameter is bound again or the statement finalized; `sqlite3_reset` keeps the pointer): a caller whose
    /// bytes go away sooner must bind every such parameter again before the next step and never read the bound
    /// values back (`sqlite3_expanded_sql`, tracing), or clear the bindings (`reset()`).
    ///
    /// For runs of many inserts (a rebuild's rows) whose bytes outlive them: a copying bind allocated, copied and
    /// freed each value inside SQLite.
    public func bind(unownedBytes bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        let code = sqlite3_bind_blob(
            handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), nil)
        guard code == SQLITE_OK else { throw DatabaseError(connection: database.handle, code: code, sql: sql) }
    }

    /// Binds UTF-8 text to the parameter at `index` without copying it, on the terms of `bind(unownedBytes:at:)`.
    public func bind(unownedText text: UnsafeBufferPointer<UInt8>, at index: Int32) throws {
        let code = text.withMemoryRebound(to: CChar.self) {
            sqlite3_bind_text(handle, index, $0.baseAddress ?? UnsafePointer(bitPattern: 1), Int32($0.count), nil)
        }
        guard code == SQLITE_OK else { throw DatabaseError(connection: database.handle, code: code, sql: sql) }
    }

    /// Binds NULL to the parameter at `index`.
    public func bindNull(at index: Int32) throws {
        let code = sqlite3_bind_null(handle, index)
        guard code == SQLITE_OK else { throw DatabaseError(connection: database.handle, code: code, sql: sql) }
    }

    /// Runs a statement bound with the typed binds to completion and resets it.
    public func run() throws {
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds one value to the parameter at `index` (from 1).
    public func bind(_ value: DatabaseValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let integer): code = sqlite3_bind_int64(handle, index, integer)
        case .real(let double): code = sqlite3_bind_double(handle, index, double)
        case .text(let text):
            code = text.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.withMemoryRebound(to: CChar.self) { csqlite_bind_text(handle, index, $0.baseAddress, Int32($0.count)) }
            } ?? csqlite_bind_text(handle, index, text, -1)
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { csqlite_bind_blob(handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count)) }
        }
        guard code == SQLITE_OK else { throw DatabaseError(connection: database.handle, code: code, sql: sql) }
    }

    /// Steps once; returns true when a row is available, false when done.
    @discardableResult
    public func step() throws -> Bool {
        try Database.refuseIfTransactionLost(databaseHandle, openTransactionScopes)
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = DatabaseError(connection: database.handle, code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Binds, runs to completion and resets.
    public func execute(_ arguments: [any DatabaseValueConvertible] = []) throws {
        try bind(arguments)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds and calls `body` for every row.
    public func forEachRow(_ arguments: [any DatabaseValueConvertible] = [], _ body: (Row) throws -> Void) throws {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        while try step() { try body(Row(statement: self)) }
    }

    /// Binds and returns the first row mapped by `body`, or nil when there is none.
    public func firstRow<T>(_ arguments: [any DatabaseValueConvertible] = [], _ body: (Row) throws -> T) throws -> T? {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        return try step() ? body(Row(statement: self)) : nil
    }
}

/// Row reads the columns of the current row of a statement; valid only inside the row callback.
public struct Row {
    let statement: Statement

    /// Whether the column is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement.handle, index) == SQLITE_NULL }

    /// The column as an integer (0 for NULL).
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(statement.handle, index) }

    /// The column as a double.
    public func double(_ index: Int32) -> Double { sqlite3_column_double(statement.handle, index) }

    /// The column as text ("" for NULL).
    public func text(_ index: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement.handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column as text, or nil for NULL.
    public func optionalText(_ index: Int32) -> String? { isNull(index) ? nil : text(index) }

    /// The column as bytes (empty for NULL).
    public func blob(_ index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        guard count > 0, let pointer = sqlite3_column_blob(statement.handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// How many bytes the column holds, without copying them.
    public func byteCount(_ index: Int32) -> Int { Int(sqlite3_column_bytes(statement.handle, index)) }

    /// The column's bytes as stored (text or blob), without decoding.
    public func bytes(_ index: Int32) -> [UInt8] {
        if sqlite3_column_type(statement.handle, index) == SQLITE_TEXT {
            guard let pointer = sqlite3_column_text(statement.handle, index) else { return [] }
            let count = Int(sqlite3_column_bytes(statement.handle, index))
            return Array(UnsafeBufferPointer(start: pointer, count: count))
        }
        return blob(index)
    }
}
