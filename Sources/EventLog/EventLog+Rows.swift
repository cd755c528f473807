import CSQLite
import EventModel

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

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
        try insert(event, flag: flag, chain: ChainText(ChainKey(channel: event.channel, origin: event.origin)))
    }

    /// `insert(_:flag:)` with the texts of the event's chain written beforehand: an ingest stores long runs of one
    /// chain and writes them once per run (`Origin.description` formats a string for every call).
    func insert(_ event: Event, flag: String?, chain: ChainText) throws {
        try noteVerdictRules()
        try insert(event, flag: flag, chain: chain, into: insertStatement())
    }

    /// The statement `insert(_:flag:chain:into:)` runs: looked up once for a run of rows (the lookup hashes the
    /// text's address, a few hundred instructions a row).
    func insertStatement() throws -> Statement {
        try database.cachedStatement(
            static: """
            INSERT INTO events (channel, origin, seq, prev, hash, hlc, municipality, stream, type, schema, author,
                parents, payload, flag)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
    }

    /// Stores one event row with `statement` (`insertStatement()`); the caller has noted the verdict rules
    /// (`noteVerdictRules`), applied the rules and holds the transaction.
    ///
    /// Every text and blob is bound in place (`bind(unownedText:)`, `bind(unownedBytes:)`), read where it lies (the
    /// strings' UTF-8, the hashes' words, the parents laid end to end in their array, the payload): bound as copies,
    /// SQLite allocated, copied and freed each of the nine (a sixth of the storing thread of a catching-up node), and
    /// gathering the event's texts in one buffer of their own cost an allocation and ≈ 600 instructions a row.
    func insert(_ event: Event, flag: String?, chain: ChainText, into statement: Statement) throws {
        var stream = event.stream.rawValue
        var type = event.type.rawValue
        var author = event.author.rawValue
        // Typed binds: this runs once per stored event, and boxing 14 values as existentials cost as much as
        // SQLite's own insert. All 14 are bound every time, so the bindings of the row before need no clearing
        // (`sqlite3_clear_bindings`, 300 instructions a row). After `run()` the statement still holds pointers to
        // this row's bytes, which are gone then (`sqlite3_reset` keeps bindings): that is safe only because nothing
        // reads bound values back (no `sqlite3_expanded_sql`, no trace), only this function steps the statement, and
        // it binds all 14 parameters before each step; a failed step clears them (`Statement.reset()`).
        do {
            try chain.channel.withUnsafeBufferPointer { channel in
                try chain.origin.withUnsafeBufferPointer { origin in
                    try stream.withUTF8 { stream in
                        try type.withUTF8 { type in
                            try author.withUTF8 { author in
                                try event.previous.withUnsafeBytes { previous in
                                    try event.hash.withUnsafeBytes { hash in
                                        try event.parents.withUnsafeBytes { parents in
                                            try event.canonicalPayload.withUnsafeBytes { payload in
                                                // Every buffer outlives the step: bound in place, read by SQLite only
                                                // while it runs.
                                                try statement.bind(unownedText: channel, at: 1)
                                                try statement.bind(unownedText: origin, at: 2)
                                                try statement.bind(integer: event.seq, at: 3)
                                                try statement.bind(unownedBytes: previous, at: 4)
                                                try statement.bind(unownedBytes: hash, at: 5)
                                                try statement.bind(integer: event.hlc.rawValue, at: 6)
                                                try statement.bind(integer: Int64(event.municipality.rawValue), at: 7)
                                                try statement.bind(unownedText: stream, at: 8)
                                                try statement.bind(unownedText: type, at: 9)
                                                try statement.bind(integer: Int64(event.schemaVersion), at: 10)
                                                try statement.bind(unownedText: author, at: 11)
                                                try statement.bind(unownedBytes: parents, at: 12)
                                                try statement.bind(unownedBytes: payload, at: 13)
                                                if let flag {
                                                    try statement.bind(text: flag, at: 14)
                                                } else {
                                                    try statement.bindNull(at: 14)
                                                }
                                                try statement.run()
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } catch {
            // A failed bind or step leaves no half-bound statement behind for the next row to trip over.
            statement.reset()
            throw error
        }
    }

    /// Reads a row whose first columns are `eventColumns` back into an event, trusting the stored hash.
    ///
    /// Columns after those are ignored, so a query may select more of a joined table behind them.
    public func decodeEvent(_ row: Row) throws -> StoredEvent {
        var fields = EnvelopeRecall()
        return try decodeEvent(row, recalling: &fields)
    }

    /// `decodeEvent(_:)` for one of many rows read in a row: envelope fields equal to ones `fields` recalls from
    /// the rows before are taken from it instead of being decoded and checked again.
    func decodeEvent(_ row: Row, recalling fields: inout EnvelopeRecall, parsingPayload: Bool = true) throws -> StoredEvent {
        let id = row.int64(0)
        func fail(_ reason: String) -> EventLogError { .corruptRow(id: id, reason: reason) }
        guard let channel = fields.channel(row, 1, else: { channel($0) }) else { throw fail("bad channel") }
        guard let origin = fields.origin(row, 2, else: { origin($0) }) else { throw fail("bad origin") }
        // Read in place: a rebuild decodes every row, and a copy of each column was an array of its own.
        guard let previous = EventHash(bytes: row.blobBytes(4)), let hash = EventHash(bytes: row.blobBytes(5)) else {
            throw fail("bad hash")
        }
        guard let hlc = HLC(rawValue: row.int64(6)) else { throw fail("bad hlc") }
        guard let municipality = MunicipalityCode(Int(row.int64(7))) else { throw fail("bad municipality") }
        guard let stream = fields.stream(row, 8), let type = fields.type(row, 9), let author = fields.author(row, 11)
        else { throw fail("bad stream, type or author") }
        let parentBytes = row.blobBytes(12)
        guard parentBytes.count % 32 == 0 else { throw fail("bad parents") }
        let parents = stride(from: 0, to: parentBytes.count, by: 32).map {
            EventHash(bytes: UnsafeRawBufferPointer(rebasing: parentBytes[$0..<$0 + 32]))!
        }
        let payloadBytes = row.bytes(13)
        var payload = JSONValue.null
        if parsingPayload { payload = try StoredEvent.parsePayload(payloadBytes, id: id) }
        let event = Event(
            channel: channel, origin: origin, seq: row.int64(3), previous: previous, hlc: hlc,
            municipality: municipality, stream: stream, type: type, schemaVersion: Int(row.int64(10)), author: author,
            parents: parents, payload: payload, hash: hash, canonicalPayload: payloadBytes)
        return StoredEvent(insertionID: id, event: event, flag: row.optionalText(14))
    }
}

/// EnvelopeRecall holds the envelope fields of the rows a reader decoded last, to reuse when the next row repeats them.
///
/// A log's rows mostly repeat a handful of channels, origins, types and authors. Making a `String` of each such
/// column, checking it and looking it up cost a page reader about a tenth of its instructions; comparing the
/// column's bytes with a few recalled ones costs a few dozen. Streams are many, but a log holds a stream's events
/// in runs (a meeting's agenda items and attendance), so the last few streams are recalled: checking a stream and
/// making its `String` cost a rebuild's page reader ≈ 1.2k instructions an event.
struct EnvelopeRecall {
    private var channels = RecalledTexts<Channel>(capacity: 16, rotates: false)
    private var origins = RecalledTexts<Origin>(capacity: 16, rotates: false)
    private var types = RecalledTexts<EventType>(capacity: 16, rotates: false)
    private var authors = RecalledTexts<Author>(capacity: 16, rotates: false)
    private var streams = RecalledTexts<StreamID>(capacity: 4, rotates: true)
    /// Every stream met, for a reader of the whole log (`FeedRecall`), instead of the last few.
    private let keepsStreams: Bool
    private var streamTable = StreamTable()

    init(keepingStreams: Bool = false) { keepsStreams = keepingStreams }

    mutating func channel(_ row: Row, _ column: Int32, else decode: (String) -> Channel?) -> Channel? {
        channels.value(row, column, else: decode)
    }

    mutating func origin(_ row: Row, _ column: Int32, else decode: (String) -> Origin?) -> Origin? {
        origins.value(row, column, else: decode)
    }

    mutating func type(_ row: Row, _ column: Int32) -> EventType? {
        types.value(row, column) { EventType($0) }
    }

    mutating func author(_ row: Row, _ column: Int32) -> Author? {
        authors.value(row, column) { Author($0) }
    }

    mutating func stream(_ row: Row, _ column: Int32) -> StreamID? {
        if keepsStreams { return streamTable.stream(row.textBytes(column)) }
        return streams.value(row, column) { StreamID($0) }
    }
}

/// RecalledTexts keeps the values decoded from a few texts, by the texts' bytes.
///
/// When full it keeps what it holds, or, if it `rotates`, replaces the value kept longest, except the one recalled
/// last: for a field whose recent values repeat (a run of one stream between others that do not) but whose values
/// over a whole log are too many to keep.
private struct RecalledTexts<Value> {
    let capacity: Int
    let rotates: Bool
    /// The texts' bytes and their values, apart: iterating pairs copied (retained and released) both per entry.
    private var texts: [[UInt8]] = []
    private var values: [Value] = []
    /// The entry a rotating recall replaces next, and the one recalled last, which it spares.
    private var oldest = 0
    private var recalled = -1

    init(capacity: Int, rotates: Bool) {
        self.capacity = capacity
        self.rotates = rotates
    }

    /// The value recalled for the bytes of text column `column`, else `decode`d from its text (and kept when valid).
    mutating func value(_ row: Row, _ column: Int32, else decode: (String) -> Value?) -> Value? {
        let bytes = row.textBytes(column)
        for index in texts.indices where texts[index].withUnsafeBufferPointer({ Self.equal($0, bytes) }) {
            recalled = index
            return values[index]
        }
        guard let value = decode(String(decoding: bytes, as: UTF8.self)) else { return nil }
        if texts.count < capacity {
            texts.append(Array(bytes))
            values.append(value)
        } else if rotates {
            if oldest == recalled { oldest = (oldest + 1) % capacity }
            texts[oldest] = Array(bytes)
            values[oldest] = value
            oldest = (oldest + 1) % capacity
        }
        return value
    }

    private static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
        return memcmp(leftBase, rightBase, left.count) == 0
    }
}

extension Row {
    /// The bytes of a text column as SQLite holds them, valid until the row moves on (empty for NULL).
    func textBytes(_ index: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let pointer = sqlite3_column_text(statement.handle, index) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement.handle, index)))
    }
}

/// StoredEvent is an event as this node holds it: with its local insertion number and its flag.
public struct StoredEvent: Sendable, Hashable {
    /// The parsed payload of stored bytes, or the error naming the row.
    static func parsePayload(_ bytes: [UInt8], id: Int64) throws -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch {
            throw EventLogError.corruptRow(id: id, reason: "payload: \(error)")
        }
    }

    /// This event with its payload parsed from its stored bytes: for one that a page read with
    /// `changes(after:limit:parsingPayloadAt:)` left unparsed. It fails as reading the row would have.
    public func parsingPayload() throws -> StoredEvent {
        let event = self.event
        let payload = try Self.parsePayload(event.canonicalPayload, id: insertionID)
        return StoredEvent(
            insertionID: insertionID,
            event: Event(
                channel: event.channel, origin: event.origin, seq: event.seq, previous: event.previous, hlc: event.hlc,
                municipality: event.municipality, stream: event.stream, type: event.type,
                schemaVersion: event.schemaVersion, author: event.author, parents: event.parents, payload: payload,
                hash: event.hash, canonicalPayload: event.canonicalPayload),
            flag: flag)
    }

    /// The local insertion counter: increases with every event stored here, for change feeds.
    public let insertionID: Int64
    /// The event.
    public let event: Event
    /// Why the views skip it, or nil when they fold it.
    public let flag: String?
}

/// ChainText is a chain's channel and origin as the log's rows store them, written once for a run of its events.
struct ChainText {
    let channel: [UInt8]
    let origin: [UInt8]

    init(_ key: ChainKey) {
        channel = Array(key.channel.description.utf8)
        origin = Array(key.origin.description.utf8)
    }
}
