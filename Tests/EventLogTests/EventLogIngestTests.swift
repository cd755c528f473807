import EventLog
import EventModel
import Foundation
import Testing

/// Every ingest outcome through SQLite: a source node writes, a receiving node ingests.
@Suite struct EventLogIngestTests {
    /// A source log of another municipality with `count` region notes.
    func sourceEvents(_ count: Int, node: String = "nrp-server", municipality: Int = 545) throws -> [Event] {
        let (source, directory) = try makeTemporaryLog(node: node, municipality: municipality)
        defer { cleanUp(directory) }
        return try source.append((0..<count).map { try note("from \(node) #\($0)", stream: "note/\(node)/\($0)") })
    }

    @Test func appendedDuplicateGapAndBrokenChain() throws {
        let events = try sourceEvents(4)
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        #expect(try log.ingest(Array(events[0...1])) == [.appended, .appended])
        #expect(try log.ingest([events[1]]) == [.duplicate])
        #expect(try log.ingest([events[3]]) == [.refused(.gap(held: 2))])
        let stops = try log.chainStops()
        #expect(stops.count == 1 && stops[0].seq == 4 && stops[0].reason.contains("gap"))
        let unlinked = Event(
            channel: .region, origin: events[2].origin, seq: 3, previous: events[0].hash, hlc: events[2].hlc,
            municipality: events[2].municipality, stream: events[2].stream, type: events[2].type, schemaVersion: 1,
            author: events[2].author, parents: [], payload: events[2].payload)
        guard case .refused(.brokenChain) = try log.ingest([unlinked])[0] else {
            Issue.record("expected a broken chain")
            return
        }
        #expect(try log.ingest([events[2], events[3]]) == [.appended, .appended])
        #expect(try log.chainStops().isEmpty)
        #expect(try log.verify().isSound)
    }

    @Test func badHashIsRefusedAndNothingStored() throws {
        let events = try sourceEvents(1)
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let tampered = events[0].withHash(EventHash.sha256(Array("not it".utf8)))
        #expect(try log.ingest([tampered]) == [.refused(.badHash)])
        #expect(try log.lastInsertionID() == 0)
    }

    @Test func forkKeepsTheFirstStoresTheProofAndQuarantinesTheOrigin() throws {
        let events = try sourceEvents(3)
        // The same origin writing a different second event: what a restored-from-backup node would do.
        let rival = Event(
            channel: .region, origin: events[1].origin, seq: 2, previous: events[0].hash, hlc: events[1].hlc,
            municipality: events[1].municipality, stream: events[1].stream, type: events[1].type, schemaVersion: 1,
            author: events[1].author, parents: [], payload: ["text": "a different second event"])
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(Array(events[0...1]))
        #expect(try log.ingest([rival]) == [.fork(kept: events[1].hash)])
        let proofs = try log.forkProofs()
        #expect(proofs.count == 1 && proofs[0].kept == events[1].hash)
        let proof = try Event(wireJSON: Array(proofs[0].other.utf8))
        #expect(proof == rival)
        #expect(try log.ingest([events[2]]) == [.refused(.originForked(at: 2))])
        #expect(try log.ingest([events[0]]) == [.duplicate])
        var theirs = VersionVector()
        theirs[ChainKey(channel: .region, origin: rival.origin)] = ChainHead(seq: 2, hash: rival.hash)
        #expect(try log.forks(comparedWith: theirs).map(\.ours) == [events[1].hash])
    }

    @Test func unknownTypeAndInvalidPayloadAreStoredFlaggedAndRelayed() throws {
        let (source, sourceDirectory) = try makeTemporaryLog(node: "mlx-server", municipality: 475, validator: AcceptAnyContent())
        defer { cleanUp(sourceDirectory) }
        let future = try source.append([
            NewEvent(channel: .region, stream: StreamID("x/1")!, type: EventType("survey.published")!, author: Author("a")!, payload: ["q": 1]),
            NewEvent(channel: .region, stream: StreamID("note/2")!, type: EventType("test.note")!, schemaVersion: 2, author: Author("a")!, payload: ["text": "v2"]),
            NewEvent(channel: .region, stream: StreamID("note/3")!, type: EventType("test.note")!, author: Author("a")!, payload: ["text": 7]),
        ])
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let outcomes = try log.ingest(future)
        #expect(outcomes.map(\.kind) == ["flagged", "flagged", "flagged"])
        #expect(outcomes[0] == .appendedFlagged("unknown event type"))
        #expect(try log.flaggedCount() == 3)
        // Counted from the partial index of flagged rows, not by a scan of the whole log.
        var plan: [String] = []
        try log.database.makeStatement("EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE flag IS NOT NULL")
            .forEachRow { plan.append($0.text(3)) }
        #expect(plan.contains { $0.contains("events_flagged") }, "\(plan)")
        let page = try log.events(after: VersionVector(), channels: [.region])
        #expect(page.events == future)
    }

    /// A row binds the chain's texts, the parents and the payload where they lie, and a flag only when it has one:
    /// flagged and plain rows in turn, with none, one and three parents, read back as ingested.
    @Test func ingestedRowsKeepTheirParentsPayloadsAndFlags() throws {
        #expect(MemoryLayout<EventHash>.size == 32 && MemoryLayout<EventHash>.stride == 32)
        let (source, sourceDirectory) = try makeTemporaryLog(
            node: "mlx-server", municipality: 475, validator: AcceptAnyContent())
        defer { cleanUp(sourceDirectory) }
        let first = try source.append([note("first", stream: "note/a")])
        var written = first
        for index in 1..<8 {
            let parents = Array(written.suffix(index % 3 == 2 ? 3 : index % 3).map(\.hash))
            let type = index % 2 == 1 ? "survey.published" : "test.note"
            written += try source.append([note("row \(index) åäö", stream: "note/\(index)", parents: parents, type: type)])
        }
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let outcomes = try log.ingest(written)
        #expect(outcomes.map(\.kind) == written.map { $0.type.rawValue == "test.note" ? "appended" : "flagged" })
        #expect(try log.events(after: VersionVector(), channels: [.region]).events == written)
        var flags: [String?] = []
        try log.database.makeStatement("SELECT flag FROM events ORDER BY seq").forEachRow { row in
            flags.append(row.optionalText(0))
        }
        #expect(flags == written.map { $0.type.rawValue == "test.note" ? nil : "unknown event type" })
    }

    @Test func farFutureEventIsDeferredUntilTimeCatchesUp() throws {
        let sourceClock = ManualClock(1_764_000_000_000 + 3_600_000)
        let (source, sourceDirectory) = try makeTemporaryLog(node: "kas-laptop", municipality: 231, clock: sourceClock)
        defer { cleanUp(sourceDirectory) }
        let ahead = try source.append(note("written an hour in the future"))
        let clock = ManualClock(1_764_000_000_000)
        let (log, directory) = try makeTemporaryLog(clock: clock)
        defer { cleanUp(directory) }
        let outcome = try log.ingest([ahead])[0]
        #expect(outcome == .deferred(aheadMillis: 3_600_000))
        #expect(try log.chainStops().first?.reason.contains("ahead") == true)
        #expect(try log.chainStops().first?.key.origin.description == "kas-laptop.1")
        clock.advance(by: 3_600_000 - 600_000)
        #expect(try log.ingest([ahead]) == [.appended])
        let mine = try log.append(note("after ingest"))
        #expect(mine.hlc > ahead.hlc)
    }

    @Test func malformedWireEventsAreRefusedNamingTheField() throws {
        let events = try sourceEvents(1)
        var object = events[0].wireObject.objectValue!
        object["seq"] = "one"
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let outcomes = try log.ingest(wire: [.object(object), events[0].wireObject])
        #expect(outcomes[0] == .refused(.malformed(EnvelopeError(field: "seq", reason: "must be an integer in 1...9223372036854775807"))))
        #expect(outcomes[1] == .appended)
    }

    @Test func otherMunicipalitiesCaseDataIsNeverAccepted() throws {
        let (source, sourceDirectory) = try makeTemporaryLog(node: "nrp-server", municipality: 545)
        defer { cleanUp(sourceDirectory) }
        let caseEvent = try source.append(note("personal", stream: "case/a", channel: .municipality(MunicipalityCode(545)!), type: "test.case"))
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        guard case .refused(.channelNotAllowed) = try log.ingest([caseEvent])[0] else {
            Issue.record("Kristinestad's node must not hold Närpes case data")
            return
        }
        #expect(try log.lastInsertionID() == 0)
    }

    @Test func pagesAreBoundedByCountAndBytes() throws {
        let events = try sourceEvents(25)
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(events)
        _ = try log.append([note("own 1"), note("own 2")])
        var vector = VersionVector()
        var received: [Event] = []
        var pages = 0
        while pages < 100 {
            let page = try log.events(after: vector, channels: [.region], maxCount: 10)
            pages += 1
            #expect(page.events.count <= 10)
            for event in page.events {
                vector[ChainKey(channel: event.channel, origin: event.origin)] = ChainHead(seq: event.seq, hash: event.hash)
            }
            received += page.events
            if !page.hasMore { break }
        }
        #expect(received.count == 27 && pages == 3)
        #expect(vector == (try log.vector()))
        let small = try log.events(after: VersionVector(), channels: [.region], maxCount: 1000, maxBytes: 1_000)
        #expect(small.events.count == 2 && small.hasMore)
        let changes = try log.changes(after: 20, limit: 5)
        #expect(changes.map(\.insertionID) == [21, 22, 23, 24, 25])
    }

    @Test func servedWireFormsAreThePagesOfDecodedEvents() throws {
        let events = try sourceEvents(25)
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(events)
        _ = try log.append([
            note("own 1"), note("åäö \u{1F600} \"quoted\" \\ \n", stream: "note/2"),
            note("with parents", parents: [events[0].hash, events[1].hash]),
        ])
        let all = try log.events(after: VersionVector(), channels: [.region]).events
        var generator = SplitMix64(seed: 7)
        for _ in 0..<40 {
            var vector = VersionVector()
            for event in all where generator.next() % 3 == 0 {
                let key = ChainKey(channel: event.channel, origin: event.origin)
                if event.seq > vector[key].seq { vector[key] = ChainHead(seq: event.seq, hash: event.hash) }
            }
            let maxCount = Int(generator.next() % 12) + 1
            let maxBytes = [300, 2_000, 4 << 20][Int(generator.next() % 3)]
            let excluding: Set<ChainKey> = generator.next() % 4 == 0 ? [ChainKey(channel: .region, origin: events[0].origin)] : []
            let decoded = try log.events(
                after: vector, channels: [.region], excluding: excluding, maxCount: maxCount, maxBytes: maxBytes)
            let wire = try log.wireEvents(
                after: vector, channels: [.region], excluding: excluding, maxCount: maxCount, maxBytes: maxBytes)
            #expect(wire.hasMore == decoded.hasMore)
            #expect(wire.events == decoded.events.map(WireEvent.init))
            for (served, event) in zip(wire.events, decoded.events) {
                #expect(served.json == CanonicalJSON.encode(event.wireObject))
                #expect(try Event(wireJSON: served.json) == event)
            }
        }
    }
}
