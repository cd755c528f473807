import EventModel

extension EventLog {
    /// The columns of `events` that `decodeEvent(_:)` reads, in the order it reads them.
    public static let eventColumns =
        "id, channel, origin, seq, prev, hash, hlc, municipality, stream, type, schema, author, parents, payload, flag"

    /// `eventColumns`, each qualified by `alias`: for selecting events joined to another table.
    public static func eventColumns(qualifiedBy alias: String) -> String {
        eventColumns.split(separator: ", ").map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// Stores one event row; the caller has applied the rules and holds the transaction.
    func insert(_ event: Event, flag: String?) throws {
        try noteVerdictRules()
        var parents: [UInt8] = []
        parents.reserveCapacity(event.parents.count * 32)
        for parent in event.parents { parents += parent.bytes }
        let statement = try database.cachedStatement(
            static: """
            INSERT INTO events (channel, origin, seq, prev, hash, hlc, municipality, stream, type, schema, author,
                parents, payload, flag)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        // Typed binds: this runs once per stored event, and boxing 14 values as existentials cost
        // as much as SQLite's own insert.
        statement.reset()
        try statement.bind(text: event.channel.description, at: 1)
        try statement.bind(text: event.origin.description, at: 2)
        try statement.bind(integer: event.seq, at: 3)
        try statement.bind(blob: event.previous.bytes, at: 4)
        try statement.bind(blob: event.hash.bytes, at: 5)
        try statement.bind(integer: event.hlc.rawValue, at: 6)
        try statement.bind(integer: Int64(event.municipality.rawValue), at: 7)
        try statement.bind(text: event.stream.rawValue, at: 8)
        try statement.bind(text: event.type.rawValue, at: 9)
        try statement.bind(integer: Int64(event.schemaVersion), at: 10)
        try statement.bind(text: event.author.rawValue, at: 11)
        try statement.bind(blob: parents, at: 12)
        try statement.bind(blob: event.canonicalPayload, at: 13)
        if let flag { try statement.bind(text: flag, at: 14) }
        try statement.run()
    }

    /// Reads a row whose first columns are `eventColumns` back into an event, trusting the stored hash.
    ///
    /// Columns after those are ignored, so a query may select more of a joined table behind them.
    public func decodeEvent(_ row: Row) throws -> StoredEvent {
        let id = row.int64(0)
        func fail(_ reason: String) -> EventLogError { .corruptRow(id: id, reason: reason) }
        guard let channel = channel(row.text(1)) else { throw fail("bad channel") }
        guard let origin = origin(row.text(2)) else { throw fail("bad origin") }
        guard let previous = EventHash(bytes: row.blob(4)), let hash = EventHash(bytes: row.blob(5)) else {
            throw fail("bad hash")
        }
        guard let hlc = HLC(rawValue: row.int64(6)) else { throw fail("bad hlc") }
        guard let municipality = MunicipalityCode(Int(row.int64(7))) else { throw fail("bad municipality") }
        guard let stream = StreamID(row.text(8)), let type = EventType(row.text(9)), let author = Author(row.text(11))
        else { throw fail("bad stream, type or author") }
        let parentBytes = row.blob(12)
        guard parentBytes.count % 32 == 0 else { throw fail("bad parents") }
        let parents = stride(from: 0, to: parentBytes.count, by: 32).map {
            EventHash(bytes: parentBytes[$0..<$0 + 32])!
        }
        let payloadBytes = row.bytes(13)
        let payload: JSONValue
        do { payload = try JSONParser.parse(payloadBytes) } catch { throw fail("payload: \(error)") }
        let event = Event(
            channel: channel, origin: origin, seq: row.int64(3), previous: previous, hlc: hlc,
            municipality: municipality, stream: stream, type: type, schemaVersion: Int(row.int64(10)), author: author,
            parents: parents, payload: payload, hash: hash, canonicalPayload: payloadBytes)
        return StoredEvent(insertionID: id, event: event, flag: row.optionalText(14))
    }
}

/// StoredEvent is an event as this node holds it: with its local insertion number and its flag.
public struct StoredEvent: Sendable, Hashable {
    /// The local insertion counter: increases with every event stored here, for change feeds.
    public let insertionID: Int64
    /// The event.
    public let event: Event
    /// Why the views skip it, or nil when they fold it.
    public let flag: String?
}
