@testable import EventLog
import EventModel
import Foundation
import Testing

/// An own append starts from what the last one left (`AppendState`) only while nobody else wrote the file.
@Suite struct AppendStateTests {
    @Test func consecutiveOwnAppendsStartFromTheKeptState() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        var previous = try log.append(note("first"))
        for round in 0..<5 {
            let next = try log.append(note("next \(round)"))
            #expect(next.seq == previous.seq + 1 && next.previous == previous.hash && next.hlc > previous.hlc)
            previous = next
        }
        #expect(log.appendStateReuses == 5)
        #expect(try log.verify().isSound)
    }

    @Test func appendsOfAnotherConnectionAreSeen() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        // The same node in a second process (the CLI while the node serves): one chain, two writers.
        let other = try EventLog(directory: directory, validator: testCatalog, clock: ManualClock())
        defer { other.close() }
        var previous = try log.append(note("start"))
        for round in 0..<6 {
            let writer = round.isMultiple(of: 2) ? other : log
            let next = try writer.append(note("round \(round)"))
            #expect(next.seq == previous.seq + 1 && next.previous == previous.hash && next.hlc > previous.hlc)
            previous = next
        }
        // Each append followed the other connection's, so neither could keep its state.
        #expect(log.appendStateReuses == 0 && other.appendStateReuses == 0)
        #expect(try log.verify().isSound)
    }

    @Test func anIngestOnTheSameConnectionMovesTheClockOfTheNextAppend() throws {
        let clock = ManualClock(5_000_000)
        let (log, directory) = try makeTemporaryLog(clock: clock)
        defer { cleanUp(directory) }
        let (ahead, aheadDirectory) = try makeTemporaryLog(
            node: "nrp-server", municipality: 545, clock: ManualClock(5_000_400))
        defer { cleanUp(aheadDirectory) }
        _ = try log.append(note("own"))
        let early = try ahead.append(note("ahead", stream: "note/nrp"))
        #expect(try log.ingest([early]) == [.appended])
        let next = try log.append(note("after"))
        #expect(next.hlc > early.hlc)
        #expect(log.appendStateReuses == 0)
    }

    @Test func aForkOfTheOwnChainStopsTheNextAppend() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        // The same identity elsewhere (a restored copy) issues another event at the same place.
        let (twin, twinDirectory) = try makeTemporaryLog()
        defer { cleanUp(twinDirectory) }
        _ = try log.append(note("ours"))
        _ = try log.append(note("ours again"))
        let theirs = try twin.append(note("the twin's"))
        #expect(try log.ingest([theirs]).first?.kind == "fork")
        #expect(throws: EventLogError.self) { try log.append(note("after the fork")) }
    }

    @Test func aRolledBackAppendLeavesNoState() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let first = try log.append(note("first", stream: "minutes/1"))
        // The first event of the batch is stored, then the second's stale version rolls both back.
        #expect(throws: EventLogError.self) {
            try log.append([note("stored, then rolled back"), note("stale", stream: "minutes/1", expectedVersion: 0)])
        }
        let next = try log.append(note("next"))
        #expect(next.seq == first.seq + 1 && next.previous == first.hash)
        #expect(try log.verify().isSound)
    }

    @Test func aWriterWithOtherRulesInBetweenMakesTheNextAppendNoteItsOwn() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let otherRules = EventCatalog([
            EventSchema(type: "test.note", fields: [.required("text", .text(maxLength: 300))])
        ])
        #expect(otherRules.rulesFingerprint != testCatalog.rulesFingerprint)
        let other = try EventLog(directory: directory, validator: otherRules, clock: ManualClock())
        defer { other.close() }
        for round in 0..<3 {
            _ = try log.append(note("ours \(round)"))
            _ = try log.append(note("ours again \(round)"))
            #expect(try log.verdictSegments().last?.fingerprint == testCatalog.rulesFingerprint)
            _ = try other.append(note("theirs \(round)"))
            #expect(try log.verdictSegments().last?.fingerprint == otherRules.rulesFingerprint)
        }
        #expect(try log.verdictSegments().count == 6)
    }
}
