import EventLog
import EventModel
import Foundation

/// CaseAccessLog records every read of a case on this node — who, when, which case, why and through
/// what — so the municipality can answer a person's access request (GDPR art. 15). It is a local table
/// in the log's database: never replicated, kept in the node's backups.
public enum CaseAccessLog {
    /// How a case was read.
    public enum Channel: String, Sendable, CaseIterable {
        case cli, api, web, export
    }

    /// One read of one case.
    public struct Entry: Sendable, Hashable {
        /// When, in milliseconds since 1970.
        public let atMillis: Int64
        /// The user who read it.
        public let user: String
        /// The user's role.
        public let role: String
        /// The case.
        public let stream: String
        /// Why, as the reader gave it.
        public let purpose: String
        /// Through what.
        public let via: String

        /// The entry as JSON, time as ISO 8601 UTC.
        public var jsonValue: JSONValue {
            let date = Date(timeIntervalSince1970: Double(atMillis) / 1000)
            return [
                "at": .string(ISO8601DateFormatter().string(from: date)), "user": .string(user), "role": .string(role),
                "case": .string(stream), "purpose": .string(purpose), "via": .string(via),
            ]
        }
    }

    /// Creates the table when missing.
    static func create(_ database: Database) throws {
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS case_access (
                id INTEGER PRIMARY KEY, at_millis INTEGER NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL,
                stream TEXT NOT NULL, purpose TEXT NOT NULL, via TEXT NOT NULL
            )
            """)
        try database.execute("CREATE INDEX IF NOT EXISTS case_access_stream ON case_access (stream, id)")
    }

    /// Records reads of `streams`, durably, before anything is shown.
    static func record(
        _ streams: [String], user: String, role: String, purpose: String, via: Channel, in database: Database
    ) throws {
        try create(database)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let insert = try database.cachedStatement(
            "INSERT INTO case_access (at_millis, user, role, stream, purpose, via) VALUES (?, ?, ?, ?, ?, ?)")
        try database.inTransaction {
            for stream in streams { try insert.execute([now, user, role, stream, purpose, via.rawValue]) }
        }
    }

    /// The recorded reads, oldest first; only of `stream` or only by `user` when given.
    public static func entries(stream: String? = nil, user: String? = nil, in database: Database) throws -> [Entry] {
        try create(database)
        var entries: [Entry] = []
        try database.makeStatement(
            """
            SELECT at_millis, user, role, stream, purpose, via FROM case_access
            WHERE (?1 IS NULL OR stream = ?1) AND (?2 IS NULL OR user = ?2) ORDER BY id
            """
        ).forEachRow([stream, user]) { row in
            entries.append(
                Entry(
                    atMillis: row.int64(0), user: row.text(1), role: row.text(2), stream: row.text(3),
                    purpose: row.text(4), via: row.text(5)))
        }
        return entries
    }
}
