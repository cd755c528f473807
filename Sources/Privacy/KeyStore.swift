import EventLog
import Foundation

/// KeyStore keeps subject keys in their own SQLite file beside the event log, never in the log.
///
/// The file is mode 0600 and runs with `secure_delete=ON` in rollback-journal mode (`journal_mode=DELETE`,
/// `synchronous=FULL`): a destroyed key is overwritten with zeros in the database file, and no WAL keeps an
/// old copy of its page. An erased subject is remembered by a tombstone that holds no key, so no key is
/// ever made for it again. A subject may hold several keys (two nodes may each have made one before they
/// synced); sealed boxes name theirs by key id. Thread-safe: one serial queue owns the connection.
public final class KeyStore: Sendable {
    /// The key store's file name in the node's data directory.
    public static let fileName = "keys.sqlite"

    /// The path of the key store file.
    public let path: String
    let queue: DatabaseQueue<Database>

    /// Opens the key store in `directory`, creating `keys.sqlite` (mode 0600) when it does not exist.
    public init(directory: String) throws {
        try PrivateFile.ensureDirectory(directory)
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        if try !PrivateFile.existsAndIsPrivate(path) {
            // Made before SQLite opens it, so the file (and the journals SQLite gives its mode) is never wider.
            _ = try PrivateFile.createEmpty(path)
            _ = try PrivateFile.existsAndIsPrivate(path)
        }
        let database = try Database(path: path, durability: .full)
        do {
            try Self.prepare(database, path: path)
        } catch {
            database.close()
            throw error
        }
        self.path = path
        self.queue = DatabaseQueue(label: "samverkan.keystore", resource: database)
    }

    /// Leaves the WAL mode `Database` opens in, turns on secure deletion and makes the tables.
    private static func prepare(_ database: Database, path: String) throws {
        let mode = try database.text("PRAGMA journal_mode=DELETE")
        guard mode == "delete" else {
            throw PrivacyError.keyFile("\(path): cannot leave WAL mode (journal mode is \(mode ?? "unknown"))")
        }
        try database.execute("PRAGMA secure_delete=ON")
        guard try database.int64("PRAGMA secure_delete") == 1 else {
            throw PrivacyError.keyFile("\(path): SQLite refused secure_delete, so destroyed keys could linger")
        }
        try database.execute("PRAGMA synchronous=FULL")
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS subject_keys (
                subject TEXT NOT NULL, key_id TEXT NOT NULL, key BLOB NOT NULL, PRIMARY KEY (subject, key_id)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS erased_subjects (subject TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
            """)
    }

    /// The subject's key to seal new data under (the one with the lowest key id), or nil when none is held.
    public func key(subject: String) throws -> SubjectKey? {
        try queue.sync { database in try Self.keys(subject: subject, in: database).first }
    }

    /// The subject's key with id `keyID`, the one a `SealedBox` names, or nil when it is not held.
    public func key(subject: String, keyID: String) throws -> SubjectKey? {
        try queue.sync { database in try Self.keys(subject: subject, in: database).first { $0.keyID == keyID } }
    }

    /// Returns the existing key or creates one; throws PrivacyError.erased(subject) if the subject was erased.
    public func makeKey(subject: String) throws -> SubjectKey {
        try SubjectKey.validate(subject: subject)
        return try queue.sync { database in
            try database.inTransaction {
                if try Self.isErased(subject, in: database) { throw PrivacyError.erased(subject) }
                if let held = try Self.keys(subject: subject, in: database).first { return held }
                let key = SubjectKey.generate(subject: subject)
                try Self.insert(key, into: database)
                return key
            }
        }
    }

    /// Deletes the subject's keys (overwritten on disk by secure_delete) and remembers the subject as erased.
    public func destroy(subject: String) throws {
        _ = try purge(erased: [subject])
    }

    /// Destroys every listed subject's key (and tombstones them); returns how many keys were destroyed.
    ///
    /// Used when a key store restored from a backup is reconciled with the erasure events in the log.
    public func purge(erased subjects: Set<String>) throws -> Int {
        for subject in subjects { try SubjectKey.validate(subject: subject) }
        return try queue.sync { database in
            try database.inTransaction {
                var destroyed = 0
                for subject in subjects.sorted() {
                    let held = try database.int64("SELECT COUNT(*) FROM subject_keys WHERE subject = ?", [subject])
                    destroyed += Int(held ?? 0)
                    try database.execute("DELETE FROM subject_keys WHERE subject = ?", [subject])
                    try database.execute("INSERT OR IGNORE INTO erased_subjects (subject) VALUES (?)", [subject])
                }
                return destroyed
            }
        }
    }

    /// Whether the subject was erased.
    public func isErased(subject: String) throws -> Bool {
        try queue.sync { database in try Self.isErased(subject, in: database) }
    }

    /// The subjects with a live key, sorted.
    public func subjects() throws -> [String] {
        try strings("SELECT DISTINCT subject FROM subject_keys ORDER BY subject")
    }

    /// The erased subjects, sorted.
    public func erasedSubjects() throws -> [String] {
        try strings("SELECT subject FROM erased_subjects ORDER BY subject")
    }

    /// Closes the file; later calls throw.
    public func close() {
        queue.sync { database in database.close() }
    }

    private func strings(_ sql: String) throws -> [String] {
        try queue.sync { database in
            var out: [String] = []
            try database.cachedStatement(sql).forEachRow { out.append($0.text(0)) }
            return out
        }
    }

    static func isErased(_ subject: String, in database: Database) throws -> Bool {
        try database.int64("SELECT 1 FROM erased_subjects WHERE subject = ?", [subject]) != nil
    }

    /// Every key the subject holds, lowest key id first.
    static func keys(subject: String, in database: Database) throws -> [SubjectKey] {
        var keys: [SubjectKey] = []
        let sql = "SELECT key_id, key FROM subject_keys WHERE subject = ? ORDER BY key_id"
        try database.cachedStatement(sql).forEachRow([subject]) { row in
            keys.append(try SubjectKey(subject: subject, keyID: row.text(0), bytes: row.blob(1)))
        }
        return keys
    }

    static func insert(_ key: SubjectKey, into database: Database) throws {
        let statement = try database.cachedStatement(
            "INSERT OR IGNORE INTO subject_keys (subject, key_id, key) VALUES (?, ?, ?)")
        statement.reset()
        try statement.bind(text: key.subject, at: 1)
        try statement.bind(text: key.keyID, at: 2)
        try statement.bind(blob: key.bytes, at: 3)
        try statement.run()
    }
}
