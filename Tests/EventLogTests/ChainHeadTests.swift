import EventLog
import EventModel
import Foundation
import Testing

/// Heads and the clock are read from the events themselves (schema 4): no write may leave them behind.
@Suite struct ChainHeadTests {
    /// The vector as the events say it: per chain, the highest sequence and its hash.
    func walkedHeads(_ events: [Event]) -> [ChainKey: ChainHead] {
        var heads: [ChainKey: ChainHead] = [:]
        for event in events {
            let key = ChainKey(channel: event.channel, origin: event.origin)
            if event.seq > heads[key, default: .empty].seq { heads[key] = ChainHead(seq: event.seq, hash: event.hash) }
        }
        return heads
    }

    @Test func ownAppendsAndIngestedChainsGiveTheVectorOfTheirEvents() throws {
        let (source, sourceDirectory) = try makeTemporaryLog(node: "nrp-server", municipality: 545)
        defer { cleanUp(sourceDirectory) }
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        var held: [Event] = []
        for round in 0..<4 {
            held += try log.append((0...round).map { try note("own \(round).\($0)") })
            held.append(try log.append(note("case \(round)", channel: .municipality(MunicipalityCode(287)!), type: "test.case")))
            let theirs = try source.append((0..<3).map { try note("theirs \(round).\($0)", stream: "note/nrp/\(round)") })
            #expect(try log.ingest(theirs) == [.appended, .appended, .appended])
            held += theirs
            #expect(try log.vector().heads == walkedHeads(held))
        }
        #expect(try log.verify().isSound)
        log.close()
        let reopened = try EventLog(directory: directory, validator: testCatalog, clock: ManualClock())
        defer { reopened.close() }
        let next = try reopened.append(note("after reopening"))
        #expect(next.seq == 11)
        #expect(next.previous == held.filter { $0.origin == next.origin && $0.channel == .region }.last?.hash)
        #expect(try reopened.vector().heads == walkedHeads(held + [next]))
    }

    @Test func theClockSurvivesARestartWhenThePeersEventsWereStoredLast() throws {
        // Our own event is newer than the peer's older ones stored after it: the newest row's HLC is not the clock.
        let clock = ManualClock(5_000_000)
        let (log, directory) = try makeTemporaryLog(clock: clock)
        defer { cleanUp(directory) }
        let (source, sourceDirectory) = try makeTemporaryLog(
            node: "nrp-server", municipality: 545, clock: ManualClock(1_000_000))
        defer { cleanUp(sourceDirectory) }
        let own = try log.append(note("own"))
        let older = try source.append((0..<2).map { try note("older \($0)", stream: "note/nrp") })
        #expect(try log.ingest(older) == [.appended, .appended])
        log.close()
        clock.set(1_000)
        let reopened = try EventLog(directory: directory, validator: testCatalog, clock: clock)
        #expect(try reopened.lastHLC() >= own.hlc)
        #expect(try reopened.append(note("later")).hlc > own.hlc)
        reopened.close()
    }

    @Test func theClockSurvivesARestartWhenAPeersEventWasAhead() throws {
        // A peer's clock runs ahead (within the allowed drift), and an older event of a third node is stored
        // after its event: only the chain rows remember the clock the ahead event moved.
        let clock = ManualClock(5_000_000)
        let (log, directory) = try makeTemporaryLog(clock: clock)
        defer { cleanUp(directory) }
        let aheadClock = ManualClock(1_000)
        let (ahead, aheadDirectory) = try makeTemporaryLog(node: "nrp-server", municipality: 545, clock: aheadClock)
        defer { cleanUp(aheadDirectory) }
        let (behind, behindDirectory) = try makeTemporaryLog(node: "mlx-server", municipality: 475, clock: ManualClock(1_000))
        defer { cleanUp(behindDirectory) }
        _ = try log.append(note("own"))
        // Both chains' rows exist already, so the clock must be updated on them, not only set on new rows.
        #expect(try log.ingest([try ahead.append(note("first", stream: "note/nrp"))]) == [.appended])
        #expect(try log.ingest([try behind.append(note("first", stream: "note/mlx"))]) == [.appended])
        aheadClock.set(5_000_400)
        let early = try ahead.append(note("ahead", stream: "note/nrp"))
        #expect(try log.ingest([early]) == [.appended])
        #expect(try log.ingest([try behind.append(note("behind", stream: "note/mlx"))]) == [.appended])
        log.close()
        clock.set(1_000)
        let reopened = try EventLog(directory: directory, validator: testCatalog, clock: clock)
        defer { reopened.close() }
        #expect(try reopened.append(note("later")).hlc > early.hlc)
    }
}
