import EventModel
import Testing

@testable import EventLog

/// A node serves pages written straight from its rows (`servedEvents`): they must be byte for byte the pages
/// `wireEvents` writes from decoded fields, whichever rows take the plain path and whichever fall back.
@Suite struct ServedPageTests {
    @Test func servedPagesAreTheWirePages() throws {
        let (source, sourceDirectory) = try makeTemporaryLog(node: "nrp-server", municipality: 545)
        defer { cleanUp(sourceDirectory) }
        let received = try source.append((0..<20).map { try note("from nrp #\($0)", stream: "note/nrp/\($0)") })
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(received)
        let authors = ["tester", "Åsa \"A\"", "back\\slash", "quote \" only", "plain-ascii_1"]
        var own: [NewEvent] = []
        for index in 0..<25 {
            own.append(
                try NewEvent(
                    channel: .region, stream: StreamID("note/\(index)")!,
                    type: EventType("test.note")!, author: Author(authors[index % authors.count])!,
                    parents: index % 4 == 0 ? [received[index % 20].hash, received[(index + 1) % 20].hash] : [],
                    payload: ["text": .string(index % 2 == 0 ? "åäö \u{1F600} \"q\" \\ \n" : "plain \(index)")]))
        }
        _ = try log.append(own)
        let all = try log.events(after: VersionVector(), channels: [.region]).events
        var generator = SplitMix64(seed: 17)
        var served = 0
        for _ in 0..<60 {
            var vector = VersionVector()
            for event in all where generator.next() % 3 == 0 {
                let key = ChainKey(channel: event.channel, origin: event.origin)
                if event.seq > vector[key].seq { vector[key] = ChainHead(seq: event.seq, hash: event.hash) }
            }
            let maxCount = Int(generator.next() % 30) + 1
            let maxBytes = [300, 2_000, 4 << 20][Int(generator.next() % 3)]
            let excluding: Set<ChainKey> =
                generator.next() % 4 == 0 ? [ChainKey(channel: .region, origin: received[0].origin)] : []
            let wire = try log.wireEvents(
                after: vector, channels: [.region], excluding: excluding, maxCount: maxCount, maxBytes: maxBytes)
            let page = try log.servedEvents(
                after: vector, channels: [.region], excluding: excluding, maxCount: maxCount, maxBytes: maxBytes)
            #expect(page.hasMore == wire.hasMore)
            #expect(page.events == wire.events)
            served += page.events.count
        }
        #expect(served > 60)
    }
}

extension ServedPageTests {
    /// A text column that is not valid UTF-8 (a damaged row) is served as `Row.text` reads it, repaired.
    @Test func invalidUTF8IsServedRepairedAsBefore() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.append([try note("one"), try note("two", stream: "note/2")])
        try log.database.execute("UPDATE events SET author = CAST(X'41C3' AS TEXT) WHERE seq = 1")
        try log.database.execute("UPDATE events SET author = CAST(X'C3A5736121' AS TEXT) WHERE seq = 2")
        let wire = try log.wireEvents(after: VersionVector(), channels: [.region])
        let page = try log.servedEvents(after: VersionVector(), channels: [.region])
        #expect(page.events.count == 2 && page.events == wire.events)
        #expect(String(decoding: page.events[1].json, as: UTF8.self).contains(#""author":"åsa!""#))
    }
}
