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
    /// event and a fresh HLC timestamp. Returns the stored events once the commit is durable.
    public func append(_ batch: [NewEvent]) throws -> [Event] {
        guard !batch.isEmpty else { return [] }
        let origin = identity.origin
        for new in batch {
            guard identity.readableChannels.contains(new.channel) else {
                throw EventLogError.channelNotWritable(
                    channel: new.channel.description, municipality: identity.municipality.rawValue)
            }
            switch validator.verdict(for: new.content(municipality: identity.municipality)) {
            case .valid: break
            case .invalid(let error): throw EventLogError.invalidEvent(error)
            case let other: throw EventLogError.refusedContent(type: new.type.rawValue, reason: other.reason ?? "")
            }
        }
        return try database.inTransaction(.immediate) {
            var hybridClock = HybridClock(last: try lastHLC())
            var heads: [ChainKey: ChainHead] = [:]
            var versions: [StreamID: Int64] = [:]
            var stored: [Event] = []
            stored.reserveCapacity(batch.count)
            for new in batch {
                let key = ChainKey(channel: new.channel, origin: origin)
                let head: ChainHead
                if let cached = heads[key] {
                    head = cached
                } else {
                    let state = try chainState(key)
                    if state.forkedAt != nil {
                        throw EventLogError.ownChainForked(channel: key.channel.description, origin: origin.description)
                    }
                    head = state.head
                }
                let version = try versions[new.stream] ?? streamVersion(new.stream)
                if let expected = new.expectedStreamVersion, expected != version {
                    throw EventLogError.wrongExpectedVersion(
                        stream: new.stream.rawValue, expected: expected, actual: version)
                }
                let event = Event(
                    channel: new.channel, origin: origin, seq: head.seq + 1, previous: head.hash,
                    hlc: hybridClock.tick(physicalMillis: clock.nowMillis()), municipality: identity.municipality,
                    stream: new.stream, type: new.type, schemaVersion: new.schemaVersion, author: new.author,
                    parents: new.parents, payload: new.payload)
                try insert(event, flag: nil)
                heads[key] = ChainHead(seq: event.seq, hash: event.hash)
                versions[new.stream] = version + 1
                stored.append(event)
            }
            try saveHeads(heads)
            try saveStreamVersions(versions)
            try saveHLC(hybridClock.last)
            return stored
        }
    }

    /// The number of events this node holds of `stream`.
    public func streamVersion(_ stream: StreamID) throws -> Int64 {
        try database.int64("SELECT version FROM streams WHERE stream = ?", [stream.rawValue]) ?? 0
    }

    func chainState(_ key: ChainKey) throws -> IngestRules.ChainState {
        try database.cachedStatement("SELECT seq, hash, forked_at FROM chains WHERE channel = ? AND origin = ?")
            .firstRow([key.channel.description, key.origin.description]) { row in
                IngestRules.ChainState(
                    head: ChainHead(seq: row.int64(0), hash: EventHash(bytes: row.blob(1)) ?? .zero),
                    forkedAt: row.isNull(2) ? nil : row.int64(2))
            } ?? IngestRules.ChainState()
    }

    func saveHeads(_ heads: [ChainKey: ChainHead], forks: [ChainKey: Int64] = [:]) throws {
        let upsert = try database.cachedStatement(
            """
            INSERT INTO chains (channel, origin, seq, hash) VALUES (?, ?, ?, ?)
            ON CONFLICT (channel, origin) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
            """)
        for (key, head) in heads {
            try upsert.execute([key.channel.description, key.origin.description, head.seq, head.hash.bytes])
        }
        let markFork = try database.cachedStatement(
            """
            INSERT INTO chains (channel, origin, seq, hash, forked_at) VALUES (?, ?, 0, ?, ?)
            ON CONFLICT (channel, origin) DO UPDATE SET forked_at = min(coalesce(forked_at, excluded.forked_at),
                excluded.forked_at)
            """)
        for (key, seq) in forks {
            try markFork.execute([key.channel.description, key.origin.description, EventHash.zero.bytes, seq])
        }
    }

    func saveStreamVersions(_ versions: [StreamID: Int64]) throws {
        let upsert = try database.cachedStatement(
            """
            INSERT INTO streams (stream, version) VALUES (?, ?)
            ON CONFLICT (stream) DO UPDATE SET version = excluded.version
            """)
        for (stream, version) in versions { try upsert.execute([stream.rawValue, version]) }
    }
}
