import EventModel
import Foundation
import Testing

@testable import EventLog

/// The event insert binds every parameter in place and keeps no clearing of the bindings between rows, and an own
/// batch writes its chain's texts once per channel: each row must still hold exactly its own values.
@Suite struct EventRowBindingTests {
    /// A flagged row followed by unflagged ones: the flag must not carry over to the rows after it.
    @Test func aRowWithoutAFlagStoresNoneAfterAFlaggedRow() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let first = try log.append(note("a"))
        let flagged = Event(
            channel: .region, origin: Origin("peer-node.1")!, seq: 1, previous: .zero, hlc: first.hlc,
            municipality: MunicipalityCode(287)!, stream: StreamID("note/peer")!, type: EventType("test.note")!,
            schemaVersion: 1, author: Author("peer")!, parents: [first.hash], payload: ["text": "p"])
        try log.database.inTransaction { try log.insert(flagged, flag: "unknownType") }
        let after = try log.append([note("b"), note("c", stream: "note/2")])
        let held = try log.changes(after: 0, limit: 10)
        #expect(held.map(\.flag) == [nil, "unknownType", nil, nil])
        #expect(held.map(\.event) == [first, flagged] + after)
    }

    /// A failed insert (a duplicate position) leaves the statement ready: the next row is stored whole.
    @Test func aFailedInsertLeavesTheNextRowWhole() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let stored = try log.append(note("a"))
        #expect(throws: (any Error).self) {
            try log.database.inTransaction { try log.insert(stored, flag: "again") }
        }
        let next = try log.append(note("b", parents: [stored.hash]))
        let held = try log.changes(after: 0, limit: 10)
        #expect(held.map(\.event) == [stored, next])
        #expect(held.map(\.flag) == [nil, nil])
        #expect(try log.verify().isSound)
    }

    /// One batch alternating channels: every row names its own channel and this node's origin, and each chain runs
    /// on without gaps, as read back from the file.
    @Test func aBatchAcrossChannelsStoresEachRowsChain() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let own = Channel.municipality(MunicipalityCode(287)!)
        let batch = try (0..<9).map { index in
            index % 3 == 0
                ? try note("c\(index)", stream: "case/\(index)", channel: own, type: "test.case")
                : try note("r\(index)", stream: "note/\(index)")
        }
        let results = try log.appendEach(batch, alreadyJudged: true)
        let stored = try results.map { try $0.get() }
        #expect(stored.map(\.channel) == batch.map(\.channel))
        #expect(stored.filter { $0.channel == own }.map(\.seq) == [1, 2, 3])
        #expect(stored.filter { $0.channel == .region }.map(\.seq) == [1, 2, 3, 4, 5, 6])
        let held = try log.changes(after: 0, limit: 20)
        #expect(held.map(\.event) == stored)
        #expect(held.allSatisfy { $0.event.origin == log.identity.origin && $0.event.hasValidHash })
        // The next batch starts from the heads the first left (kept, not read again), ending on the other channel.
        let reuses = log.appendStateReuses
        let more = try log.appendEach(
            [note("r", stream: "note/x"), note("c", stream: "case/x", channel: own, type: "test.case")], alreadyJudged: true
        ).map { try $0.get() }
        #expect(log.appendStateReuses == reuses + 1)
        #expect(more.map(\.seq) == [7, 4])
        #expect(more[0].previous == stored[8].hash && more[1].previous == stored[6].hash)
        #expect(try log.append(note("r", stream: "note/y")).seq == 8)
        #expect(try log.append(note("c", stream: "case/y", channel: own, type: "test.case")).seq == 5)
        #expect(try log.verify().isSound)
    }
}
