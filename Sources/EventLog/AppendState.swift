import EventModel

/// AppendState is what an own append reads from the file before it stores anything — the clock, the heads of
/// this node's chains, whether the validator's rules are noted — as the log's last own append left it.
///
/// Reading them again inside every transaction (the clock alone is a three-part query, the rules a row parsed
/// as text) cost a durable single append about 40 % of its instructions. The state is kept only while nobody
/// else wrote: it is stamped with the database's `dataVersion` after its transaction committed, and an append
/// uses it only when the number inside its own write transaction is still the same. Any other write — another
/// process appending, an ingest or a view fold on this connection, a rolled-back transaction that may have
/// changed the rows — moves the number or leaves no state, and the next append reads the file again.
struct AppendState {
    /// `Database.dataVersion` right after the transaction that left this state committed.
    var dataVersion: UInt32
    /// `EventLog.lastHLC()`.
    var clock: HLC
    /// The heads of this node's chains that exist and are not forked (`chainState`).
    var heads: [ChainKey: ChainHead]
    /// Whether the last verdict segment names this log's validator (`noteVerdictRules`).
    var rulesNoted: Bool
}

extension EventLog {
    /// Runs an own append's `body` in a write transaction, handing it the kept state when it is still true.
    ///
    /// `body` gets the kept state (nil when it must read the file) and returns the state its writes leave,
    /// which is kept only when the transaction commits. Nothing is kept while the transaction runs, so a
    /// throw, a failed commit or a rollback leaves none.
    ///
    /// Inside a caller's transaction (a savepoint) nothing is used or kept: `dataVersion` does not move for this
    /// connection's own uncommitted writes, nor when the outer transaction later rolls back, so a state kept
    /// there could name heads that were never stored.
    func inAppendTransaction<T>(_ body: (AppendState?) throws -> (T, AppendState)) throws -> T {
        if database.isInsideTransaction {
            appendState = nil
            return try database.inTransaction { try body(nil).0 }
        }
        let kept = appendState
        appendState = nil
        let (result, left) = try database.inTransaction(.immediate) { () throws -> (T, AppendState) in
            let current = database.dataVersion
            let still = kept.flatMap { current != nil && $0.dataVersion == current ? $0 : nil }
            if still != nil { appendStateReuses += 1 }
            return try body(still)
        }
        if let version = database.dataVersion {
            var left = left
            left.dataVersion = version
            appendState = left
        }
        return result
    }
}
