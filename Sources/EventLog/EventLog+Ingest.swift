import EventModel

extension EventLog {
    /// Applies the ingest rules to events from peers, in one transaction, and says what became of each.
    ///
    /// Authenticity and order are strict; content is never a reason to refuse (unusable content is
    /// stored and flagged). A fork keeps the event held first, stores the other as a proof and
    /// quarantines the chain. Refusals and deferrals are recorded per chain for the status.
    public func ingest(_ events: [Event]) throws -> [IngestOutcome] {
        try ingest(offered: events.map { OfferedEvent(event: $0, validator: validator) })
    }

    /// Applies the ingest rules to events in wire form; a malformed one is refused naming its field.
    public func ingest(wire values: [JSONValue]) throws -> [IngestOutcome] {
        try ingest(offered: values.map { OfferedEvent(wire: $0, validator: validator) })
    }

    /// Reads and judges an offered event as far as that needs no log, on any thread (see `OfferedEvent`).
    public var offering: @Sendable (JSONValue) -> OfferedEvent {
        let validator = validator
        return { OfferedEvent(wire: $0, validator: validator) }
    }

    /// Applies the ingest rules to events offered and judged beforehand with this log's validator (`offering`).
    public func ingest(offered: [OfferedEvent]) throws -> [IngestOutcome] {
        guard !offered.isEmpty else { return [] }
        return try database.inTransaction(.immediate) {
            let now = clock.nowMillis()
            let context = IngestRules.Context(
                physicalMillis: now, maximumDriftMillis: maximumDriftMillis,
                readableChannels: identity.readableChannels, ownOrigin: identity.origin)
            var hybridClock = HybridClock(last: try lastHLC())
            var states: [ChainKey: IngestRules.ChainState] = [:]
            var forks: [ChainKey: Int64] = [:]
            var progressed: Set<ChainKey> = []
            // The first stop of a chain in a batch is its cause; what follows it (gaps) only repeats it.
            var stopped: Set<ChainKey> = []
            var outcomes: [IngestOutcome] = []
            outcomes.reserveCapacity(offered.count)
            // A page holds long runs of one chain: its state stays at hand while the chain does, instead of two
            // dictionary lookups and a set insertion per event.
            var current: ChainKey?
            var state = IngestRules.ChainState()
            var currentText: ChainText?
            var currentProgressed = false
            // Rows are stored `IngestRows.size` at a time; every other statement of the ingest runs after the rows
            // decided before it are stored (`rows.store()`), so it reads and writes the log as one row at a time did.
            var rows = IngestRows()
            defer { rows.free() }
            // By index: `for item in offered` copied every offered event, retaining and releasing all its fields.
            for index in offered.indices {
                let event: Event
                switch offered[index].decoded {
                case .success(let decoded): event = decoded
                case .failure(let error):
                    outcomes.append(.refused(.malformed(error)))
                    continue
                }
                let hasValidHash = offered[index].hasValidHash
                let verdict = offered[index].verdict
                let key = ChainKey(channel: event.channel, origin: event.origin)
                if key != current {
                    if let current {
                        states[current] = state
                        if currentProgressed { progressed.insert(current) }
                    }
                    if states[key] == nil { try rows.store(offered, into: self) }
                    state = try states[key] ?? chainState(key)
                    current = key
                    currentText = nil
                    currentProgressed = false
                }
                // A duplicate or a fork is told by the hash the log holds at its seq, which may be a row of this page.
                var storeFailure: (any Error)?
                let outcome = IngestRules.decide(
                    event, state: state, context: context,
                    storedHash: { seq in
                        do { try rows.store(offered, into: self) } catch {
                            storeFailure = error
                            return nil
                        }
                        return try? self.storedHash(key, seq: seq)
                    }, hasValidHash: hasValidHash,
                    verdict: { verdict ?? self.validator.verdict(for: event.content) })
                if let storeFailure { throw storeFailure }
                switch outcome {
                case .appended, .appendedFlagged:
                    var flag: String? = nil
                    if case .appendedFlagged(let reason) = outcome { flag = reason }
                    if currentText == nil { currentText = ChainText(key) }
                    try rows.add(index, flag: flag, chain: currentText!, of: offered, into: self)
                    state.head = ChainHead(seq: event.seq, hash: event.hash)
                    hybridClock.observe(event.hlc)
                    currentProgressed = true
                case .fork(let kept):
                    try rows.store(offered, into: self)
                    try recordFork(event, kept: kept, at: now)
                    state.forkedAt = min(state.forkedAt ?? event.seq, event.seq)
                    forks[key] = state.forkedAt
                case .refused, .deferred:
                    if stopped.insert(key).inserted {
                        try rows.store(offered, into: self)
                        try recordStop(key, seq: event.seq, reason: outcome.description, at: now)
                    }
                case .duplicate:
                    break
                }
                outcomes.append(outcome)
            }
            try rows.store(offered, into: self)
            if let current {
                states[current] = state
                if currentProgressed { progressed.insert(current) }
            }
            for key in progressed.subtracting(stopped) { try clearStop(key) }
            try saveChains(progressed, forks: forks, clock: hybridClock.last)
            return outcomes
        }
    }

    func storedHash(_ key: ChainKey, seq: Int64) throws -> EventHash? {
        try database.cachedStatement(static: "SELECT hash FROM events WHERE channel = ? AND origin = ? AND seq = ?")
            .firstRow([key.channel.description, key.origin.description, seq]) { EventHash(bytes: $0.blob(0)) } ?? nil
    }

    private func recordFork(_ event: Event, kept: EventHash, at millis: Int64) throws {
        try database.execute(
            """
            INSERT OR IGNORE INTO forks (channel, origin, seq, kept_hash, other_hash, other_event, detected_millis)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                event.channel.description, event.origin.description, event.seq, kept.bytes, event.hash.bytes,
                CanonicalJSON.string(event.wireObject), millis,
            ])
    }

    private func recordStop(_ key: ChainKey, seq: Int64, reason: String, at millis: Int64) throws {
        try database.execute(
            """
            INSERT INTO chain_stops (channel, origin, seq, reason, at_millis) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (channel, origin) DO UPDATE SET seq = excluded.seq, reason = excluded.reason,
                at_millis = excluded.at_millis
            """, [key.channel.description, key.origin.description, seq, reason, millis])
    }

    private func clearStop(_ key: ChainKey) throws {
        try database.execute(
            "DELETE FROM chain_stops WHERE channel = ? AND origin = ?", [key.channel.description, key.origin.description])
    }
}

/// IngestRows gathers the rows an ingest decided to store and stores them `size` at a time, with one multi-row
/// INSERT, in the order they were decided.
///
/// Each run of a one-row INSERT cost SQLite its opening opcodes, a cursor opened and positioned from the root of
/// `events` and of each of its indexes, and a halt, besides the row itself: ≈ 19k instructions a stored event on a
/// catching-up node, ≈ 40 % less in batches of 64. The rows, their ids (taken in order) and their bytes are those
/// of one insert per row; a failed batch fails the ingest as the failing row did, since the caller stores what it
/// holds before any other statement.
struct IngestRows {
    /// Rows per multi-row statement.
    static let size = 64

    /// A row waiting to be stored: its event's index among the offered events, its flag and its chain's texts.
    private struct Row {
        let index: Int
        let flag: String?
        let chain: ChainText
    }

    private var rows: [Row] = []
    /// The multi-row INSERT, looked up once per ingest: the statement cache hashes its ≈ 1,500 characters.
    private var statement: Statement?
    /// Memory the texts and blobs of a full statement are copied to, to bind them there: chunks that stay in place
    /// until `free`, so a binding made as soon as its bytes are laid stays valid while the rest of the rows are laid.
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    /// The chunk being filled and the bytes used in it.
    private var chunk = 0
    private var used = 0

    init() {
        rows.reserveCapacity(Self.size)
    }

    /// Frees the memory of the rows' bytes; called once, when the ingest is done with these rows (a copy of them
    /// shares that memory, so there is none).
    mutating func free() {
        for chunk in chunks { chunk.deallocate() }
        chunks = []
    }

    /// Adds the row of `offered[index]`, whose event decoded; stores the rows once they fill a statement.
    mutating func add(_ index: Int, flag: String?, chain: ChainText, of offered: [OfferedEvent], into log: EventLog)
        throws
    {
        // Noted before the first row of a transaction is stored, as a one-row insert notes it.
        if rows.isEmpty { try log.noteVerdictRules() }
        rows.append(Row(index: index, flag: flag, chain: chain))
        if rows.count == Self.size { try store(offered, into: log) }
    }

    /// Stores the rows gathered so far: a full statement's worth with one multi-row INSERT, fewer one by one.
    mutating func store(_ offered: [OfferedEvent], into log: EventLog) throws {
        guard !rows.isEmpty else { return }
        defer { rows.removeAll(keepingCapacity: true) }
        if rows.count == Self.size {
            if statement == nil { statement = try log.database.cachedStatement(EventLog.multiRowInsert) }
            try insertFull(offered, into: statement!)
        } else {
            let statement = try log.insertStatement()
            for row in rows {
                try log.insert(Self.event(offered[row.index]), flag: row.flag, chain: row.chain, into: statement)
            }
        }
    }

    private static func event(_ offered: OfferedEvent) -> Event {
        guard case .success(let event) = offered.decoded else { preconditionFailure("only decoded events are stored") }
        return event
    }

    /// Binds the rows, a full statement's worth, as `EventLog.insert(_:flag:chain:into:)` binds one, and runs
    /// `statement` (`EventLog.multiRowInsert`).
    ///
    /// The texts and blobs are copied to `chunks` and bound in place there, uncopied by SQLite: each row bound inside
    /// the closures that lend its own buffers, the next row inside those, nested 64 deep, overflowed a 1 MiB thread
    /// stack in a debug build (a server's connection threads ingest pushed pages), and a copying bind costs an
    /// allocation per value inside SQLite. As with the one-row insert, the statement keeps its bindings after it ran
    /// (clearing 896 of them cost ≈ 270 instructions a row): safe only because nothing reads bound values back and
    /// only this function steps the statement, binding all of its parameters before; a failed one clears them.
    private mutating func insertFull(_ offered: [OfferedEvent], into statement: Statement) throws {
        chunk = 0
        used = 0
        do {
            for position in rows.indices {
                let event = Self.event(offered[rows[position].index])
                let chain = rows[position].chain
                var stream = event.stream.rawValue
                var type = event.type.rawValue
                var author = event.author.rawValue
                let base = Int32(position) * 14
                try statement.bind(unownedText: text(chain.channel.withUnsafeBytes { lay($0) }), at: base + 1)
                try statement.bind(unownedText: text(chain.origin.withUnsafeBytes { lay($0) }), at: base + 2)
                try statement.bind(integer: event.seq, at: base + 3)
                try statement.bind(unownedBytes: event.previous.withUnsafeBytes { lay($0) }, at: base + 4)
                try statement.bind(unownedBytes: event.hash.withUnsafeBytes { lay($0) }, at: base + 5)
                try statement.bind(integer: event.hlc.rawValue, at: base + 6)
                try statement.bind(integer: Int64(event.municipality.rawValue), at: base + 7)
                try statement.bind(unownedText: text(stream.withUTF8 { lay(UnsafeRawBufferPointer($0)) }), at: base + 8)
                try statement.bind(unownedText: text(type.withUTF8 { lay(UnsafeRawBufferPointer($0)) }), at: base + 9)
                try statement.bind(integer: Int64(event.schemaVersion), at: base + 10)
                try statement.bind(
                    unownedText: text(author.withUTF8 { lay(UnsafeRawBufferPointer($0)) }), at: base + 11)
                try statement.bind(unownedBytes: event.parents.withUnsafeBytes { lay($0) }, at: base + 12)
                try statement.bind(unownedBytes: event.canonicalPayload.withUnsafeBytes { lay($0) }, at: base + 13)
                if let flag = rows[position].flag {
                    try statement.bind(text: flag, at: base + 14)
                } else {
                    try statement.bindNull(at: base + 14)
                }
            }
            try statement.run()
        } catch {
            statement.reset()
            throw error
        }
    }

    /// A copy of `source` that stays in place until `free`: in the chunk being filled, else in the next one.
    private mutating func lay(_ source: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        while chunk == chunks.count || used + source.count > chunks[chunk].count {
            if chunk < chunks.count {
                chunk += 1
                used = 0
            } else {
                let memory = UnsafeMutableRawBufferPointer.allocate(
                    byteCount: max(64 << 10, source.count), alignment: 8)
                memory.bindMemory(to: UInt8.self)
                chunks.append(memory)
            }
        }
        let start = chunks[chunk].baseAddress! + used
        if let from = source.baseAddress, source.count > 0 { start.copyMemory(from: from, byteCount: source.count) }
        used += source.count
        return UnsafeRawBufferPointer(start: start, count: source.count)
    }

    /// Laid bytes as the text they are (`lay` binds its chunks' memory to bytes).
    private func text(_ bytes: UnsafeRawBufferPointer) -> UnsafeBufferPointer<UInt8> {
        bytes.assumingMemoryBound(to: UInt8.self)
    }
}

extension EventLog {
    /// The INSERT of `IngestRows.size` event rows.
    static let multiRowInsert =
        """
        INSERT INTO events (channel, origin, seq, prev, hash, hlc, municipality, stream, type, schema, author,
            parents, payload, flag)
        VALUES
        """
        + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: IngestRows.size).joined(separator: ", ")
}
