import CSQLite
import EventModel

/// RawDatabase is the baseline: the SQLite C API used directly, with no layer of ours in between.
final class RawDatabase {
    let handle: OpaquePointer

    /// SQLite's process-wide setting, made once before the first connection as `Database` makes it (a later call
    /// only returns SQLite's "misuse").
    private static let configuredOnce: Void = { _ = csqlite_disable_memory_statistics() }()

    /// Opens `path` with the engine's settings (`Database`): WAL, `synchronous=FULL`, a checkpoint after 8,192
    /// pages of log, the log cut back to 64 MiB, no memory statistics. The page cache stays at SQLite's default.
    init(path: String, synchronous: String = "FULL") {
        _ = Self.configuredOnce
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        precondition(code == SQLITE_OK, "cannot open \(path)")
        handle = connection!
        sqlite3_busy_timeout(handle, 10_000)
        exec("PRAGMA journal_mode=WAL")
        exec("PRAGMA synchronous=\(synchronous)")
        exec("PRAGMA wal_autocheckpoint=8192")
        exec("PRAGMA journal_size_limit=67108864")
    }

    /// Opens `path` read-only, beside the process that writes it (WAL lets a reader in without blocking the
    /// writer).
    init(readOnly path: String) {
        _ = Self.configuredOnce
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        precondition(code == SQLITE_OK, "cannot open \(path) read-only")
        handle = connection!
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit { sqlite3_close_v2(handle) }

    func exec(_ sql: String) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        precondition(code == SQLITE_OK, "raw SQL failed: \(message.map { String(cString: $0) } ?? "") — \(sql)")
    }

    func prepare(_ sql: String) -> OpaquePointer {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        precondition(code == SQLITE_OK, "raw prepare failed: \(String(cString: sqlite3_errmsg(handle))) — \(sql)")
        return statement!
    }

    func int64(_ sql: String) -> Int64 {
        let statement = prepare(sql)
        defer { sqlite3_finalize(statement) }
        return sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : 0
    }

    static let insertSQL = """
        INSERT INTO events (channel, origin, seq, prev, hash, hlc, municipality, stream, type, schema, author,
            parents, payload, flag)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
        """

    /// Binds `row` to a statement prepared from `insertSQL` and steps it.
    static func insert(_ row: RawRow, with statement: OpaquePointer) {
        sqlite3_reset(statement)
        func text(_ index: Int32, _ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    _ = csqlite_bind_text(statement, index, $0.baseAddress, Int32($0.count))
                }
            }
        }
        func blob(_ index: Int32, _ bytes: [UInt8]) {
            bytes.withUnsafeBytes {
                _ = csqlite_bind_blob(statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count))
            }
        }
        text(1, row.channel)
        text(2, row.origin)
        sqlite3_bind_int64(statement, 3, row.seq)
        blob(4, row.previous)
        blob(5, row.hash)
        sqlite3_bind_int64(statement, 6, row.hlc)
        sqlite3_bind_int64(statement, 7, row.municipality)
        text(8, row.stream)
        text(9, row.type)
        sqlite3_bind_int64(statement, 10, row.schema)
        text(11, row.author)
        blob(12, row.parents)
        text(13, row.payload)
        let code = sqlite3_step(statement)
        precondition(code == SQLITE_DONE, "raw insert failed: \(code)")
    }
}

/// RawRow is one events row as the baseline binds it, prepared before timing starts.
struct RawRow {
    var channel, origin: [UInt8]
    var seq: Int64
    var previous, hash: [UInt8]
    var hlc, municipality: Int64
    var stream, type: [UInt8]
    var schema: Int64
    var author, parents, payload: [UInt8]

    init(_ event: Event) {
        channel = Array(event.channel.description.utf8)
        origin = Array(event.origin.description.utf8)
        seq = event.seq
        previous = event.previous.bytes
        hash = event.hash.bytes
        hlc = event.hlc.rawValue
        municipality = Int64(event.municipality.rawValue)
        stream = Array(event.stream.rawValue.utf8)
        type = Array(event.type.rawValue.utf8)
        schema = Int64(event.schemaVersion)
        author = Array(event.author.rawValue.utf8)
        parents = event.parents.flatMap(\.bytes)
        payload = CanonicalJSON.encode(event.payload)
    }
}
