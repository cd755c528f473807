import EventModel
import Synchronization
import Testing

@testable import Replication

/// A puller hands a page's signed heads to its store to check (`ReplicaStore.check(heads:)`) where it reads and
/// judges the page, ahead of storing it, and still hands them to the ingest, which decides.
@Suite struct HeadCheckAheadTests {
    /// Records what it is asked to check; judges every event acceptable.
    final class RecordingStore: ReplicaStore {
        let identity = PeerIdentity(origin: Origin("krs-server.1")!, municipality: MunicipalityCode(287)!)
        let checkedPages = Mutex<[[JSONValue]]>([])

        func check(heads: [JSONValue]) { checkedPages.withLock { $0.append(heads) } }
        func vector(channels: Set<Channel>) throws -> VersionVector { VersionVector() }
        func forks(comparedWith vector: VersionVector) throws -> [ChainPosition] { [] }
        func offer(wire events: [JSONValue]) -> [OfferedEvent] {
            events.map { OfferedEvent(wire: $0, validator: AcceptAnyContent()) }
        }
        func offer(envelopes: [WireEnvelope]) -> [OfferedEvent] {
            OfferedEvent.judging(envelopes, validator: AcceptAnyContent())
        }
        func ingest(offered events: [OfferedEvent], heads: [JSONValue]) throws -> [IngestOutcome] {
            events.map { _ in .appended }
        }
        func page(
            after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey>, maxCount: Int, maxBytes: Int
        ) throws -> ReplicaPage { ReplicaPage(events: [], heads: [], hasMore: false) }
        func changeToken() -> Int64 { 0 }
        func waitForChange(after token: Int64, timeoutMillis: Int) -> Int64 { 0 }
    }

    @Test func aPageReadHasItsHeadsCheckedAndKeepsThem() throws {
        let event = Event(
            channel: .region, origin: Origin("nrp-server.1")!, seq: 1, previous: .zero, hlc: HLC(rawValue: 1 << 16)!,
            municipality: MunicipalityCode(287)!, stream: StreamID("note/1")!, type: EventType("test.note")!,
            schemaVersion: 1, author: Author("a")!, parents: [], payload: ["n": 1])
        let heads: [JSONValue] = [
            ["channel": "region", "origin": "nrp-server.1", "seq": 1, "hash": .string(event.hash.hex), "signature": "00"]
        ]
        let page = try PullResponse(
            page: CanonicalJSON.encode([
                "events": [event.wireObject], "hasMore": false, "vector": [:], "heads": .array(heads),
            ]))
        let store = RecordingStore()
        let (response, offered) = PeerSync.read(page, with: store)
        #expect(store.checkedPages.withLock { $0 } == [heads])
        #expect(response.heads == heads)
        #expect(offered.count == 1)
    }
}
