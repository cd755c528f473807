import EventModel

extension EventLog {
    /// Appends one local event; see `append(_:)` for batches.
    @discardableResult
    public func append(_ event: NewEvent) throws -> Event {
        try append([event])[0]
    }

    /// Appends local events atomically: all are stored, in order, or none.
    ///
    /// Content is validated strictly first (a refusal names the field); then, inside one write
    /// transaction, each event gets the next sequence of this node's chain, the hash of the previous
    /// event and a fresh HLC timestamp. Returns the stored events once the commit is durable (inside a caller's
    /// transaction: once it is written; the caller's commit makes it durable).
    public func append(_ batch: [NewEvent]) throws -> [Event] {
        guard !batch.isEmpty else { return [] }
        for new in batch {
            if let refusal = judge(new) { throw refusal }
        }
        return try inAppendTransaction { kept in
            let (stored, left) = try appendJudged(batch, each: false, kept: kept)
            return (try stored.map { try $0.get() }, left)
        }
    }

    /// Appends local events in one transaction, each judged on its own: the valid ones are stored,
    /// in order, and each invalid one (content, channel, expected version) gets its own error
    /// without affecting the others. A storage error stores none and is thrown.
    /// `alreadyJudged`: every event passed `judgement` just before (the group committer judges on its
    /// callers' threads, outside the serial queue, so two cores share that work).
    public func appendEach(_ batch: [NewEvent], alreadyJudged: Bool = false) throws -> [Result<Event, EventLogError>] {
        guard !batch.isEmpty else { return [] }
        if alreadyJudged { return try appendEachJudged(batch) }
        let refusals = batch.map(judge)
        let accepted = zip(batch, refusals).filter { $0.1 == nil }.map(\.0)
        let stored = accepted.isEmpty ? [] : try inAppendTransaction { try appendJudged(accepted, each: true, kept: $0) }
        var results: [Result<Event, EventLogError>] = []
        results.reserveCapacity(batch.count)
        var next = stored.makeIterator()
        for refusal in refusals {
            if let refusal { results.append(.failure(refusal)) } else { results.append(next.next()!) }
        }
        return results
    }

    /// `appendEach(batch, alreadyJudged: true)`: with no refusals to interleave, the stored results are the answer
    /// (the group committer's path; pairing each event with a refusal it cannot have copied every event twice).
    func appendEachJudged(_ batch: [NewEvent]) throws -> [Result<Event, EventLogError>] {
        guard !batch.isEmpty else { return [] }
        return try inAppendTransaction { try appendJudged(batch, each: true, kept: $0) }
    }

    /// The content and channel check of `append`, as a closure any thread may call: it reads only the
    /// node's identity and the validator, never the database.
    public var judgement: @Sendable (NewEvent) -> EventLogError? {
        let (identity, validator) = (identity, validator)
        return { EventLog.judge($0, identity: identity, validator: validator) }
    }

    /// Why `new` may not be appended by this node, or nil.
    private func judge(_ new: NewEvent) -> EventLogError? {
        Self.judge(new, identity: identity, validator: validator)
    }

    private static func judge(_ new: NewEvent, identity: NodeIdentity, validator: any ContentValidator) -> EventLogError? {
        guard identity.canRead(new.channel) else {
            return EventLogError.channelNotWritable(
                channel: new.channel.description, municipality: identity.municipality.rawValue)
        }
        switch validator.verdict(for: new.content(municipality: identity.municipality)) {
        case .valid: return nil
        case .invalid(let error): return EventLogError.invalidEvent(error)
        case let other: return EventLogError.refusedContent(type: new.type.rawValue, reason: other.reason ?? "")
        }
    }

    /// Stores judged events inside the caller's transaction. A wrong expected version throws unless
    /// `each`, when it fails that event alone. Starts from `kept` when it is given (`inAppendTransaction`)
    /// and returns the state it leaves.
    private func appendJudged(
        _ batch: [NewEvent], each: Bool, kept: AppendState?
    ) throws -> ([Result<Event, EventLogError>], AppendState) {
        let origin = identity.origin
        let start = try kept?.clock ?? lastHLC()
        var hybridClock = HybridClock(last: start)
        var heads = kept?.heads ?? [:]
        if kept?.rulesNoted == true { verdictRulesNoted = database.transactionSerial }
        var started: [ChainKey] = []
        var stored: [Result<Event, EventLogError>] = []
        stored.reserveCapacity(batch.count)
        // Looked up, written and noted once for the batch rather than per row: the origin is this node's, so a
        // chain's texts change only with the channel, and a batch is mostly one channel.
        var statement: Statement?
        var chainText: (channel: Channel, text: ChainText)?
        // The head of the chain the last event extended, written back to `heads` only when the channel changes:
        // looking a `ChainKey` up and storing it (hashing its origin's text) cost ≈ 1,000 instructions an event.
        var current: (channel: Channel, head: ChainHead)?
        for new in batch {
            let key = ChainKey(channel: new.channel, origin: origin)
            let head: ChainHead
            if let current, current.channel == new.channel {
                head = current.head
            } else {
                if let current { heads[ChainKey(channel: current.channel, origin: origin)] = current.head }
                current = nil
                if let cached = heads[key] {
                    head = cached
                } else {
                    let state = try chainState(key)
                    if state.forkedAt != nil {
                        throw EventLogError.ownChainForked(channel: key.channel.description, origin: origin.description)
                    }
                    head = state.head
                    if head.seq == 0 { started.append(key) }
                }
            }
            // Counted inside the transaction, so the events stored before this one in the batch count.
            if let expected = new.expectedStreamVersion {
                let version = try streamVersion(new.stream)
                if expected != version {
                    let error = EventLogError.wrongExpectedVersion(
                        stream: new.stream.rawValue, expected: expected, actual: version)
                    guard each else { throw error }
                    stored.append(.failure(error))
                    continue
                }
            }
            let event = Event(
                new, origin: origin, seq: head.seq + 1, previous: head.hash,
                hlc: hybridClock.tick(physicalMillis: clock.nowMillis()), municipality: identity.municipality)
            if statement == nil {
                try noteVerdictRules()
                statement = try insertStatement()
            }
            if chainText?.channel != new.channel { chainText = (new.channel, ChainText(key)) }
            try insert(event, flag: nil, chain: chainText!.text, into: statement!)
            current = (new.channel, ChainHead(seq: event.seq, hash: event.hash))
            stored.append(.success(event))
        }
        if let current { heads[ChainKey(channel: current.channel, origin: origin)] = current.head }
        // The head moved with the event rows themselves, and the clock is the last event's (`lastHLC`);
        // only a chain's first event adds its row.
        try registerChains(started)
        let left = AppendState(
            dataVersion: 0, clock: hybridClock.last, heads: heads,
            rulesNoted: verdictRulesNoted == database.transactionSerial)
        return (stored, left)
    }

    /// The number of events this node holds of `stream` (counted in `events_by_stream`: a stream is
    /// one item's history, a few to a few hundred events).
    public func streamVersion(_ stream: StreamID) throws -> Int64 {
        try database.cachedStatement(static: "SELECT count(*) FROM events WHERE stream = ?")
            .firstRow([stream.rawValue]) { $0.int64(0) } ?? 0
    }

    /// A chain's head (the event with its highest sequence, found in the unique index) and its fork point.
    func chainState(_ key: ChainKey) throws -> IngestRules.ChainState {
        let values: [any DatabaseValueConvertible] = [key.channel.description, key.origin.description]
        let head = try database.cachedStatement(
            static: "SELECT seq, hash FROM events WHERE channel = ? AND origin = ? ORDER BY seq DESC LIMIT 1"
        ).firstRow(values) { row in
            guard let hash = EventHash(bytes: row.blob(1)) else {
                throw EventLogError.corruptRow(id: row.int64(0), reason: "bad hash")
            }
            return ChainHead(seq: row.int64(0), hash: hash)
        }
        let forkedAt = try database.cachedStatement(static: "SELECT forked_at FROM chains WHERE channel = ? AND origin = ?")
            .firstRow(values) { row in row.isNull(0) ? nil : row.int64(0) } ?? nil
        return IngestRules.ChainState(head: head ?? .empty, forkedAt: forkedAt)
    }

    /// Adds the rows of chains whose first events this transaction stores; `vector` lists chains by their rows.
    private func registerChains(_ keys: [ChainKey]) throws {
        guard !keys.isEmpty else { return }
        let insert = try database.cachedStatement(
            static: "INSERT INTO chains (channel, origin) VALUES (?, ?) ON CONFLICT (channel, origin) DO NOTHING")
        for key in keys { try insert.execute([key.channel.description, key.origin.description]) }
    }

    /// Stores the clock `clock` on the rows of the chains an ingest extended (adding rows for new chains) and
    /// the chains' fork points: this is how `lastHLC` persists a clock moved by peers' events (Schema, migration 3).
    func saveChains(_ changed: some Sequence<ChainKey>, forks: [ChainKey: Int64] = [:], clock: HLC) throws {
        let upsert = try database.cachedStatement(
            static: """
            INSERT INTO chains (channel, origin, hlc) VALUES (?, ?, ?)
            ON CONFLICT (channel, origin) DO UPDATE SET hlc = excluded.hlc
            """)
        for key in changed {
            try upsert.execute([key.channel.description, key.origin.description, clock.rawValue])
        }
        let markFork = try database.cachedStatement(
            static: """
            INSERT INTO chains (channel, origin, forked_at) VALUES (?, ?, ?)
            ON CONFLICT (channel, origin) DO UPDATE SET forked_at = min(coalesce(forked_at, excluded.forked_at),
                excluded.forked_at)
            """)
        for (key, seq) in forks {
            try markFork.execute([key.channel.description, key.origin.description, seq])
        }
    }
}
