import EventLog
import EventModel
import Foundation
import Testing

/// An ingest keeps the state of the chain it is in at hand while the batch stays in that chain: what it learnt of a
/// chain must still hold when the batch comes back to it after another chain's events.
@Suite struct IngestChainRunTests {
    func sourceEvents(_ count: Int, node: String, municipality: Int) throws -> [Event] {
        let (source, directory) = try makeTemporaryLog(node: node, municipality: municipality)
        defer { cleanUp(directory) }
        return try source.append((0..<count).map { try note("from \(node) #\($0)", stream: "note/\(node)/\($0)") })
    }

    @Test func aForkSeenEarlierInTheBatchStillQuarantinesItsChain() throws {
        let a = try sourceEvents(3, node: "nrp-server", municipality: 545)
        let b = try sourceEvents(2, node: "mlx-server", municipality: 475)
        let rival = Event(
            channel: .region, origin: a[1].origin, seq: 2, previous: a[0].hash, hlc: a[1].hlc,
            municipality: a[1].municipality, stream: a[1].stream, type: a[1].type, schemaVersion: 1,
            author: a[1].author, parents: [], payload: ["text": "a different second event"])
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        #expect(try log.ingest(Array(a[0...1])) == [.appended, .appended])
        let outcomes = try log.ingest([rival, b[0], a[2], b[1]])
        #expect(outcomes == [.fork(kept: a[1].hash), .appended, .refused(.originForked(at: 2)), .appended])
        #expect(try log.vector()[ChainKey(channel: .region, origin: a[0].origin)].seq == 2)
    }

    @Test func aChainThatProgressedBeforeAnotherChainsEventsHasItsStopCleared() throws {
        let a = try sourceEvents(3, node: "nrp-server", municipality: 545)
        let b = try sourceEvents(2, node: "mlx-server", municipality: 475)
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        #expect(try log.ingest([a[0], a[2]]) == [.appended, .refused(.gap(held: 1))])
        #expect(try log.chainStops().count == 1)
        #expect(try log.ingest([a[1], a[2], b[0], b[1]]) == [.appended, .appended, .appended, .appended])
        #expect(try log.chainStops().isEmpty)
        #expect(try log.verify().isSound)
    }
}
