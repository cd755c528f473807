import EventModel

/// EventPage is one bounded page of events a peer lacks, and whether more are waiting.
public struct EventPage: Sendable {
    /// The events, in (channel, origin, seq) order.
    public let events: [Event]
    /// Whether the log holds more events after the page.
    public let hasMore: Bool
}

/// ForkReport says that two logs hold different events at the same place.
public struct ForkReport: Sendable, Hashable, CustomStringConvertible {
    /// Where.
    public let position: ChainPosition
    /// The hash this log holds there.
    public let ours: EventHash
    /// The hash the other side holds there.
    public let theirs: EventHash

    /// A sentence naming the place and both hashes.
    public var description: String { "fork at \(position): ours \(ours.short), theirs \(theirs.short)" }
}

extension EventLog {
    /// The version vector: per chain, the highest sequence and its hash; only `channels` when given.
    public func vector(channels: Set<Channel>? = nil) throws -> VersionVector {
        var vector = VersionVector()
        // A chain's head is its event with the highest sequence (Schema, migration 4): one probe of the
        // unique index per chain row.
        try database.cachedStatement(
            static: """
            SELECT c.channel, c.origin, e.seq, e.hash FROM chains AS c JOIN events AS e ON e.id = (
                SELECT id FROM events WHERE channel = c.channel AND origin = c.origin ORDER BY seq DESC LIMIT 1)
            """
        ).forEachRow { row in
            guard let channel = channel(row.text(0)), let origin = origin(row.text(1)),
                let hash = EventHash(bytes: row.blob(3))
            else { return }
            if let channels, !channels.contains(channel) { return }
            vector[ChainKey(channel: channel, origin: origin)] = ChainHead(seq: row.int64(2), hash: hash)
        }
        return vector
    }

    /// The events this log holds beyond `vector` on `channels`, bounded by count and by bytes.
    ///
    /// A page holds at least one event when any is waiting, even one larger than `maxBytes`. Pass
    /// the vector advanced by the page to get the next one.
    public func events(
        after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey> = [], maxCount: Int = 1000,
        maxBytes: Int = 4 << 20
    ) throws -> EventPage {
        let page = try page(
            after: vector, channels: channels, excluding: excluding, maxCount: maxCount, maxBytes: maxBytes
        ) { _, row in try decodeEvent(row).event }
        return EventPage(events: page.elements, hasMore: page.hasMore)
    }

    /// The page `events(after:…)` would return, as wire forms written from the stored columns: what a node
    /// serves to a peer. The payload is copied as stored (canonical bytes), not parsed.
    public func wireEvents(
        after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey> = [], maxCount: Int = 1000,
        maxBytes: Int = 4 << 20
    ) throws -> (events: [WireEvent], hasMore: Bool) {
        let page = try page(after: vector, channels: channels, excluding: excluding, maxCount: maxCount, maxBytes: maxBytes) {
            key, row in
            guard let hash = EventHash(bytes: row.blob(5)) else {
                throw EventLogError.corruptRow(id: row.int64(0), reason: "bad hash")
            }
            return WireEvent(chain: key, seq: row.int64(3), hash: hash, json: WireText.bytes(Self.wireFields(row)))
        }
        return (page.elements, page.hasMore)
    }

    /// The page selection shared by `events(after:…)`, `wireEvents(after:…)` and `servedEvents(after:…)`: chains
    /// in vector order, each from the caller's sequence on; `read` makes one element of a row selected with
    /// `eventColumns`.
    func page<Element>(
        after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey>, maxCount: Int, maxBytes: Int,
        read: (ChainKey, Row) throws -> Element
    ) throws -> (elements: [Element], hasMore: Bool) {
        let ours = try self.vector(channels: channels)
        var elements: [Element] = []
        var lastRead: [ChainKey: Int64] = [:]
        var bytes = 0
        let select = try database.cachedStatement(
            "SELECT \(Self.eventColumns) FROM events WHERE channel = ? AND origin = ? AND seq > ? ORDER BY seq LIMIT ?")
        for key in ours.keys where ours[key].seq > vector[key].seq && !excluding.contains(key) {
            if elements.count >= maxCount || bytes >= maxBytes { return (elements, true) }
            var full = false
            try select.forEachRow([key.channel.description, key.origin.description, vector[key].seq, maxCount - elements.count]) {
                row in
                guard !full else { return }
                let size = row.byteCount(13) + 400
                if !elements.isEmpty, bytes + size > maxBytes {
                    full = true
                    return
                }
                elements.append(try read(key, row))
                lastRead[key] = row.int64(3)
                bytes += size
            }
            if full { return (elements, true) }
        }
        let remaining = ours.keys.contains { key in
            guard !excluding.contains(key) else { return false }
            return ours[key].seq > max(lastRead[key] ?? vector[key].seq, vector[key].seq)
        }
        return (elements, remaining)
    }

    /// Events stored after local insertion number `insertionID`, in insertion order: a change feed.
    public func changes(after insertionID: Int64, channels: Set<Channel>? = nil, limit: Int = 1000) throws -> [StoredEvent] {
        var result: [StoredEvent] = []
        var fields = EnvelopeRecall()
        try database.cachedStatement("SELECT \(Self.eventColumns) FROM events WHERE id > ? ORDER BY id LIMIT ?")
            .forEachRow([insertionID, limit]) { row in
                let stored = try decodeEvent(row, recalling: &fields)
                if let channels, !channels.contains(stored.event.channel) { return }
                result.append(stored)
            }
        return result
    }

    /// The change feed after `insertionID`, `limit` events, with the payload of an event parsed only where
    /// `parsingPayloadAt` says so for its position in the page; the others hold `.null` until
    /// `StoredEvent.parsingPayload()` is called on them.
    ///
    /// For a rebuild, whose page reader thread would otherwise parse every payload while the folding thread
    /// waited for it: the two threads then share the parsing.
    public func changes(after insertionID: Int64, limit: Int, parsingPayloadAt parses: (Int) -> Bool) throws
        -> [StoredEvent]
    {
        var result: [StoredEvent] = []
        var fields = EnvelopeRecall()
        try database.cachedStatement("SELECT \(Self.eventColumns) FROM events WHERE id > ? ORDER BY id LIMIT ?")
            .forEachRow([insertionID, limit]) { row in
                result.append(try decodeEvent(row, recalling: &fields, parsingPayload: parses(result.count)))
            }
        return result
    }

    /// The change feed after `insertionID`, `limit` events, every payload left unparsed (`.null` until
    /// `StoredEvent.parsingPayload()`), each row read as `decodeEvent(_:)` reads it, with the same checks and errors.
    ///
    /// For a rebuild's page reader, which reads the whole log page after page with one `recall`: it keeps a
    /// stream's decoded id by the stream's bytes across pages (`FeedRecall`), where the decoder recalls only the
    /// last few. A log's streams recur all over it (a figure's stream per indicator and year, reported again and
    /// again between the events of other streams), and checking such a stream again and making its `String` was
    /// about a fifth of the page reader's instructions.
    public func changes(after insertionID: Int64, limit: Int, unparsedRecalling recall: inout FeedRecall) throws
        -> [StoredEvent]
    {
        var result: [StoredEvent] = []
        result.reserveCapacity(max(0, min(limit, 100_000)))
        try database.cachedStatement("SELECT \(Self.eventColumns) FROM events WHERE id > ? ORDER BY id LIMIT ?")
            .forEachRow([insertionID, limit]) { row in
                result.append(try decodeEvent(row, recalling: &recall.fields, parsingPayload: false))
            }
        return result
    }

    /// The wire fields of a row selected with `eventColumns`, as stored.
    static func wireFields(_ row: Row) -> EventWireFields {
        EventWireFields(
            author: row.text(11), channel: row.text(1), hash: row.blob(5), hlc: row.int64(6),
            municipality: row.int64(7), origin: row.text(2), parents: row.blob(12), payload: row.bytes(13),
            previous: row.blob(4), schema: row.int64(10), seq: row.int64(3), stream: row.text(8),
            type: row.text(9))
    }

    /// The highest local insertion number, 0 for an empty log.
    public func lastInsertionID() throws -> Int64 {
        try database.int64("SELECT max(id) FROM events") ?? 0
    }

    /// Events matching `filter`, in insertion order, after insertion number `after`, at most `limit`.
    public func events(matching filter: LogFilter, after: Int64 = 0, limit: Int = 1000) throws -> [StoredEvent] {
        var arguments: [any DatabaseValueConvertible] = [after]
        if let channel = filter.channel { arguments.append(channel.description) }
        if let origin = filter.origin { arguments.append(origin.description) }
        if let stream = filter.stream { arguments.append(stream.rawValue) }
        if let type = filter.type { arguments.append(type.rawValue) }
        arguments.append(limit)
        var result: [StoredEvent] = []
        try database.makeStatement(Self.matchingSQL(filter)).forEachRow(arguments) { result.append(try decodeEvent($0)) }
        return result
    }

    /// The query of `events(matching:)`; its parameters are `after`, the filter's values in declaration order, and
    /// the limit.
    static func matchingSQL(_ filter: LogFilter) -> String {
        var clauses = ["id > ?"]
        // A channel alone must not pick the `(channel, origin, seq)` index: SQLite would then read every event of
        // the channel and sort them by id, whatever `after` is, where the rowid range reads only the newer rows.
        // (A secured node looks for new trust events this way after every ingest and before every request.)
        if filter.channel != nil { clauses.append(filter.origin == nil ? "+channel = ?" : "channel = ?") }
        if filter.origin != nil { clauses.append("origin = ?") }
        if filter.stream != nil { clauses.append("stream = ?") }
        if filter.type != nil { clauses.append("type = ?") }
        return "SELECT \(eventColumns) FROM events WHERE \(clauses.joined(separator: " AND ")) ORDER BY id LIMIT ?"
    }

    /// The places where `remote` names a hash other than the one this log holds at that sequence.
    public func forks(comparedWith remote: VersionVector) throws -> [ForkReport] {
        var reports: [ForkReport] = []
        for key in remote.keys {
            let theirs = remote[key]
            guard let ours = try storedHash(key, seq: theirs.seq), ours != theirs.hash else { continue }
            reports.append(ForkReport(
                position: ChainPosition(channel: key.channel, origin: key.origin, seq: theirs.seq),
                ours: ours, theirs: theirs.hash))
        }
        return reports
    }

    /// The fork proofs held: the kept event's hash and the other event in wire form.
    public func forkProofs() throws -> [(position: ChainPosition, kept: EventHash, other: String)] {
        var proofs: [(ChainPosition, EventHash, String)] = []
        try database.cachedStatement("SELECT channel, origin, seq, kept_hash, other_event FROM forks ORDER BY id")
            .forEachRow { row in
                guard let channel = channel(row.text(0)), let origin = origin(row.text(1)),
                    let kept = EventHash(bytes: row.blob(3))
                else { return }
                proofs.append((ChainPosition(channel: channel, origin: origin, seq: row.int64(2)), kept, row.text(4)))
            }
        return proofs
    }

    /// Why chains stopped: per chain, the last refused or deferred sequence and the reason.
    public func chainStops() throws -> [(key: ChainKey, seq: Int64, reason: String)] {
        var stops: [(ChainKey, Int64, String)] = []
        try database.cachedStatement("SELECT channel, origin, seq, reason FROM chain_stops ORDER BY channel, origin")
            .forEachRow { row in
                guard let channel = channel(row.text(0)), let origin = origin(row.text(1)) else { return }
                stops.append((ChainKey(channel: channel, origin: origin), row.int64(2), row.text(3)))
            }
        return stops
    }

    /// The number of stored events that views skip.
    public func flaggedCount() throws -> Int64 {
        try database.cachedStatement(static: "SELECT count(*) FROM events WHERE flag IS NOT NULL")
            .firstRow([]) { $0.int64(0) } ?? 0
    }
}

/// LogFilter selects events by envelope fields; nil fields match everything.
public struct LogFilter: Sendable {
    /// Only this channel.
    public var channel: Channel?
    /// Only this origin.
    public var origin: Origin?
    /// Only this stream.
    public var stream: StreamID?
    /// Only this type.
    public var type: EventType?

    /// Makes a filter.
    public init(channel: Channel? = nil, origin: Origin? = nil, stream: StreamID? = nil, type: EventType? = nil) {
        self.channel = channel
        self.origin = origin
        self.stream = stream
        self.type = type
    }
}
