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

extension EventLog {
    /// The INSERT of `IngestRows.size` event rows, `OR FAIL`: with the default `ABORT` SQLite keeps a statement
    /// journal of every page a multi-row statement changes, in a temporary file past 64 KiB (≈ 3,900 writes to it for
    /// 6,000 ingested events), to undo the statement alone. A failed row fails the whole ingest, whose transaction
    /// or savepoint undoes it all, so that undo is never wanted.
    static let multiRowInsert =
        """
        INSERT OR FAIL INTO events (channel, origin, seq, prev, hash, hlc, municipality, stream, type, schema, author,
            parents, payload, flag)
        VALUES
        """
        + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: IngestRows.size).joined(separator: ", ")
}
