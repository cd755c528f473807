import EventModel

extension EventLog {
    /// The chains quarantined after a fork, with the sequence from which their events are in doubt.
    ///
    /// Views leave out a forked origin's events from that sequence on: two nodes may have kept
    /// different versions at the fork point, and only what both agree on may shape a view.
    public func forkCutoffs() throws -> [ChainKey: Int64] {
        var cutoffs: [ChainKey: Int64] = [:]
        try database.cachedStatement("SELECT channel, origin, forked_at FROM chains WHERE forked_at IS NOT NULL")
            .forEachRow { row in
                guard let channel = channel(row.text(0)), let origin = origin(row.text(1)) else { return }
                cutoffs[ChainKey(channel: channel, origin: origin)] = row.int64(2)
            }
        return cutoffs
    }
}

extension EventLog {
    /// Quarantines a chain from `seq` on because a proof of a fork there arrived (two heads signed by
    /// its origin that disagree): nothing more is accepted from it and views leave it out from `seq`.
    public func markForked(_ key: ChainKey, at seq: Int64) throws {
        try database.inTransaction { try saveChains([], forks: [key: seq], clock: try lastHLC()) }
    }
}
