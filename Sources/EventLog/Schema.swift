/// Schema holds the log's migrations; `PRAGMA user_version` records how many have run.
enum Schema {
    /// Migrations in order; the version of a database is the number applied. Never edit a shipped
    /// migration: append a new one.
    static let migrations: [String] = [
        """
        CREATE TABLE node (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            prev BLOB NOT NULL,
            hash BLOB NOT NULL,
            hlc INTEGER NOT NULL,
            municipality INTEGER NOT NULL,
            stream TEXT NOT NULL,
            type TEXT NOT NULL,
            schema INTEGER NOT NULL,
            author TEXT NOT NULL,
            parents BLOB NOT NULL,
            payload TEXT NOT NULL,
            flag TEXT,
            UNIQUE (channel, origin, seq)
        );
        CREATE INDEX events_by_stream ON events (stream);
        CREATE TABLE chains (
            channel TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hash BLOB NOT NULL,
            forked_at INTEGER,
            PRIMARY KEY (channel, origin)
        ) WITHOUT ROWID;
        CREATE TABLE streams (stream TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE forks (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kept_hash BLOB NOT NULL,
            other_hash BLOB NOT NULL,
            other_event TEXT NOT NULL,
            detected_millis INTEGER NOT NULL,
            UNIQUE (channel, origin, seq, other_hash)
        );
        CREATE TABLE chain_stops (
            channel TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            reason TEXT NOT NULL,
            at_millis INTEGER NOT NULL,
            PRIMARY KEY (channel, origin)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE peers (url TEXT PRIMARY KEY, added_millis INTEGER NOT NULL) WITHOUT ROWID;
        """,
        // A durable single append wrote six pages: the event, its two index entries, and the chain,
        // stream and clock rows, each in its own B-tree (the last three cost 20 % of the commit rate).
        // The clock now rides on the chain rows a transaction changes anyway (`lastHLC` also reads
        // the old node row), and a stream's version is counted from `events_by_stream`.
        // The status counted flagged events by scanning the whole log under the node's serial queue
        // (70 ms at 200k events, while ingest waited); the partial index holds flagged rows only.
        """
        ALTER TABLE chains ADD COLUMN hlc INTEGER NOT NULL DEFAULT 0;
        DROP TABLE streams;
        CREATE INDEX events_flagged ON events (id) WHERE flag IS NOT NULL;
        """,
        // A durable append still wrote one page more than the event's own: the chain row, to move
        // its head. A chain's head is the event with its highest sequence, which the unique index
        // `(channel, origin, seq)` finds in a few page reads, so the row no longer repeats it; chains
        // keep their fork point and the clock of the last ingest. An own append writes the row only
        // when it starts a chain, and the clock of an own append is its last event's (`lastHLC`).
        // Rebuilt rather than `DROP COLUMN`, which needs SQLite 3.35 (Debian 11 and Ubuntu 20.04 ship older).
        """
        CREATE TABLE chains_v4 (
            channel TEXT NOT NULL,
            origin TEXT NOT NULL,
            forked_at INTEGER,
            hlc INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (channel, origin)
        ) WITHOUT ROWID;
        INSERT INTO chains_v4 (channel, origin, forked_at, hlc) SELECT channel, origin, forked_at, hlc FROM chains;
        DROP TABLE chains;
        ALTER TABLE chains_v4 RENAME TO chains;
        """,
    ]

    /// Brings `database` to the newest version in one write transaction.
    ///
    /// The version is read inside the transaction: another process opening the same file at the
    /// same moment (a `samverkan vector` while `init` creates the node) waits for the lock and then
    /// finds the work done, instead of running the same migration a second time.
    static func migrate(_ database: Database) throws {
        if Int(try database.int64("PRAGMA user_version") ?? 0) == migrations.count { return }
        try database.inTransaction(.immediate) {
            let current = Int(try database.int64("PRAGMA user_version") ?? 0)
            guard current <= migrations.count else {
                throw EventLogError.newerSchema(found: current, supported: migrations.count)
            }
            for version in current..<migrations.count {
                try database.execute(migrations[version])
                try database.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }
}
