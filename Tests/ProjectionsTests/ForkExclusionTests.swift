import Domain
import EventLog
import EventModel
import Projections
import Testing

/// A forked origin's events from the fork point on leave the views, on every node that holds the proof.
@Suite struct ForkExclusionTests {
    func meeting(_ node: inout TestNode, _ id: String, place: String) -> Event {
        node.write(
            DomainEventType.meetingScheduled, "meeting/\(id)",
            ["meeting": .string(id), "date": "2025-05-05", "host": 475, "place": .string(place)])
    }

    @Test func eventsFromTheForkPointOnAreLeftOutAndTheViewsMatchALogWithoutThem() throws {
        var honest = TestNode("mlx-server", 475)
        let first = meeting(&honest, "m1", place: "Malax kommungård")
        let second = meeting(&honest, "m2", place: "Petalax skola")
        let third = meeting(&honest, "m3", place: "Bergö")
        // A clone restored from a backup writes another second event under the same origin.
        var clone = TestNode("mlx-server", 475)
        _ = meeting(&clone, "m1", place: "Malax kommungård")
        let rival = meeting(&clone, "m2-other", place: "Övermalax")

        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        let store = try ProjectionStore(log: log)
        #expect(try log.ingest([first, second, third]).allSatisfy(\.isHeld))
        try store.catchUp(log: log)
        let before = try store.digests()[.meetings]
        #expect(try log.ingest([rival]) == [.fork(kept: second.hash)])
        try store.catchUp(log: log)
        let after = try store.digests()[.meetings]
        #expect(before != after)

        let (reference, referenceDirectory) = try makeLog(node: "kas-server", municipality: 231)
        defer { cleanUp(referenceDirectory) }
        let referenceStore = try ProjectionStore(log: reference)
        _ = try reference.ingest([first])
        try referenceStore.catchUp(log: reference)
        #expect(try referenceStore.digests()[.meetings] == after)
        // A rebuild keeps them out too.
        try store.rebuild(log: log)
        #expect(try store.digests()[.meetings] == after)
    }
}
