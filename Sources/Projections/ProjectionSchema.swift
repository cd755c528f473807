import EventLog

/// ProjectionSchema creates the store's tables in the log's database, prefixed `view_`.
///
/// The tables are derived data: when `version` changes (a new fold, a new catalog), they are dropped
/// and rebuilt from the log, never migrated. `view_meta` records the version, the checkpoint and the
/// counters, and is written in the same transaction as the rows it describes.
///
/// A `view_heads` row names its event by the log's insertion number (`events.id`) rather than holding a copy:
/// the tables live in the log's own database, whose events are never deleted or renumbered, and readers join
/// the two. Version 2 kept the event's wire text, its HLC and origin in every row.
enum ProjectionSchema {
    /// The layout and fold version; bump it whenever stored view state would differ for the same events.
    static let version: Int64 = 3

    static let tables = ["view_heads", "view_superseded"]

    static let create = """
        CREATE TABLE IF NOT EXISTS view_heads (
            view TEXT NOT NULL,
            section TEXT NOT NULL,
            item TEXT NOT NULL,
            hash BLOB NOT NULL,
            event INTEGER NOT NULL,
            PRIMARY KEY (view, section, item, hash)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS view_superseded (
            view TEXT NOT NULL,
            section TEXT NOT NULL,
            item TEXT NOT NULL,
            hash BLOB NOT NULL,
            PRIMARY KEY (view, section, item, hash)
        ) WITHOUT ROWID;
        """

    /// Creates the tables when missing; drops and recreates them when they were made by an older version.
    static func setUp(_ database: Database) throws {
        try database.inTransaction(.immediate) {
            try database.execute(
                "CREATE TABLE IF NOT EXISTS view_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID")
            let found = try database.int64("SELECT value FROM view_meta WHERE key = 'version'")
            if let found, found > version {
                throw ProjectionError.newerVersion(found: found, supported: version)
            }
            if found != version {
                for table in tables { try database.execute("DROP TABLE IF EXISTS \(table)") }
                // Generations survive and move on, so a reader's cache never mistakes new state for old.
                try database.execute("DELETE FROM view_meta WHERE key NOT LIKE 'generation.%'")
                try database.execute("UPDATE view_meta SET value = value + 1")
                try database.execute("INSERT INTO view_meta (key, value) VALUES ('version', ?)", [version])
            }
            try database.execute(create)
        }
    }

    /// Empties the view state and resets checkpoint and counters, keeping the generations moving forward.
    static func clear(_ database: Database) throws {
        for table in tables { try database.execute("DELETE FROM \(table)") }
        try database.execute("DELETE FROM view_meta WHERE key NOT IN ('version') AND key NOT LIKE 'generation.%'")
    }
}
