import EventLog
import EventModel
import Testing

/// An own append inside a caller's transaction (a savepoint): the state an append keeps for the next one
/// (`AppendState`) must not outlive a rollback of the caller's transaction.
@Suite struct NestedAppendTests {
    struct Refused: Error {}

    @Test func anAppendUndoneWithItsCallersTransactionLeavesTheChainWhereItWas() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let first = try log.append(note("first"))
        do {
            try log.database.inTransaction {
                _ = try log.append(note("undone"))
                throw Refused()
            }
        } catch is Refused {}
        let second = try log.append(note("second"))
        #expect(second.seq == first.seq + 1)
        #expect(second.previous == first.hash)
        #expect(try log.verify().isSound)
    }

    @Test func anAppendInsideACallersTransactionIsStoredWithIt() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let first = try log.append(note("first"))
        let nested = try log.database.inTransaction { try log.append(note("nested")) }
        let after = try log.append(note("after"))
        #expect(nested.seq == first.seq + 1 && nested.previous == first.hash)
        #expect(after.seq == nested.seq + 1 && after.previous == nested.hash)
    }
}
