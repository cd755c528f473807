import EventLog
import EventModel
import Security

/// SecurityTables keeps what a secured node stores beside its log: the signed chain heads it made or
/// verified (served again to its peers) and the chains it stopped because a head or an event did not
/// verify. The tables live in the log's database, created here with `CREATE TABLE IF NOT EXISTS`
/// (the log's own schema knows nothing of signatures).
enum SecurityTables {
    /// Creates the tables when missing.
    static func create(_ database: Database) throws {
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS signed_heads (
                channel TEXT NOT NULL, origin TEXT NOT NULL, seq INTEGER NOT NULL,
                hash BLOB NOT NULL, signature BLOB NOT NULL,
                PRIMARY KEY (channel, origin, seq)
            ) WITHOUT ROWID
            """)
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS security_stops (
                channel TEXT NOT NULL, origin TEXT NOT NULL, seq INTEGER NOT NULL, reason TEXT NOT NULL,
                at_millis INTEGER NOT NULL, PRIMARY KEY (channel, origin)
            ) WITHOUT ROWID
            """)
    }

    /// Stores heads; one already stored at the same place is kept.
    static func save(_ heads: [SignedHead], in database: Database) throws {
        guard !heads.isEmpty else { return }
        let insert = try database.cachedStatement(
            "INSERT OR IGNORE INTO signed_heads (channel, origin, seq, hash, signature) VALUES (?, ?, ?, ?, ?)")
        // One commit for all: each insert on its own was a commit and an fsync, about twenty a page of events
        // on both the serving and the pulling node.
        try database.inTransaction {
            for head in heads {
                try insert.execute([
                    head.chain.channel.description, head.chain.origin.description, head.head.seq,
                    head.head.hash.bytes, head.signature.bytes,
                ])
            }
        }
    }

    /// The stored heads of `chain` with seq in (`after`, `through`], in seq order.
    static func heads(of chain: ChainKey, after: Int64, through: Int64, in database: Database) throws -> [SignedHead] {
        var heads: [SignedHead] = []
        try database.cachedStatement(
            "SELECT seq, hash, signature FROM signed_heads WHERE channel = ? AND origin = ? AND seq > ? AND seq <= ? ORDER BY seq"
        ).forEachRow([chain.channel.description, chain.origin.description, after, through]) { row in
            guard let hash = EventHash(bytes: row.blob(1)), let signature = Signature(bytes: row.blob(2)) else { return }
            heads.append(SignedHead(chain: chain, head: ChainHead(seq: row.int64(0), hash: hash), signature: signature))
        }
        return heads
    }

    /// The stored head of `chain` at `seq`, if any.
    static func head(of chain: ChainKey, at seq: Int64, in database: Database) throws -> SignedHead? {
        try heads(of: chain, after: seq - 1, through: seq, in: database).first
    }

    /// Per chain of `origin`, the highest signed head stored.
    static func lastHeads(of origin: Origin, in database: Database) throws -> [ChainKey: Int64] {
        var last: [ChainKey: Int64] = [:]
        try database.cachedStatement("SELECT channel, max(seq) FROM signed_heads WHERE origin = ? GROUP BY channel")
            .forEachRow([origin.description]) { row in
                guard let channel = Channel(row.text(0)) else { return }
                last[ChainKey(channel: channel, origin: origin)] = row.int64(1)
            }
        return last
    }

    /// The hash of the event held at a place, if any.
    static func storedHash(_ chain: ChainKey, seq: Int64, in database: Database) throws -> EventHash? {
        try database.cachedStatement("SELECT hash FROM events WHERE channel = ? AND origin = ? AND seq = ?")
            .firstRow([chain.channel.description, chain.origin.description, seq]) { EventHash(bytes: $0.blob(0)) } ?? nil
    }

    /// The trust statements of the region channel (enrolments, revocations, fork proofs) stored after insertion
    /// id `after`, in insertion order, at most `limit`. One scan of the rowid range for the three types: a secured
    /// node asks after every ingest and before every request, and scanned the new rows once per type.
    static func trustEvents(after: Int64, limit: Int, in log: EventLog) throws -> [StoredEvent] {
        var found: [StoredEvent] = []
        // `+channel` and `+type`: no index may replace the rowid range (see `EventLog.matchingSQL`).
        try log.database.cachedStatement(
            "SELECT \(EventLog.eventColumns) FROM events WHERE id > ? AND +channel = ? AND +type IN (?, ?, ?) "
                + "ORDER BY id LIMIT ?"
        ).forEachRow([
            after, Channel.region.description, TrustCatalog.nodeEnrolled.rawValue, TrustCatalog.nodeRevoked.rawValue,
            TrustCatalog.forkProven.rawValue, limit,
        ]) { found.append(try log.decodeEvent($0)) }
        return found
    }

    /// Records why a chain stopped (the latest refusal per chain).
    static func recordStop(_ chain: ChainKey, seq: Int64, reason: String, at millis: Int64, in database: Database) throws {
        try database.execute(
            """
            INSERT INTO security_stops (channel, origin, seq, reason, at_millis) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (channel, origin) DO UPDATE SET seq = excluded.seq, reason = excluded.reason,
                at_millis = excluded.at_millis
            """, [chain.channel.description, chain.origin.description, seq, reason, millis])
    }

    /// Forgets a stop once the chain holds the stopped seq (it was accepted after all).
    static func clearStop(_ chain: ChainKey, through seq: Int64, in database: Database) throws {
        try database.execute(
            "DELETE FROM security_stops WHERE channel = ? AND origin = ? AND seq <= ?",
            [chain.channel.description, chain.origin.description, seq])
    }

    /// The recorded stops.
    static func stops(in database: Database) throws -> [(key: ChainKey, seq: Int64, reason: String)] {
        var stops: [(ChainKey, Int64, String)] = []
        try database.cachedStatement("SELECT channel, origin, seq, reason FROM security_stops ORDER BY channel, origin")
            .forEachRow { row in
                guard let channel = Channel(row.text(0)), let origin = Origin(row.text(1)) else { return }
                stops.append((ChainKey(channel: channel, origin: origin), row.int64(2), row.text(3)))
            }
        return stops
    }
}
