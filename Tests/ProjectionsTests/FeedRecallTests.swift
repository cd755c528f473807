import Domain
import EventModel
import Testing

@testable import EventLog

/// A rebuild's page reader reads the change feed with a `FeedRecall`, which keeps the streams met by their bytes:
/// every row must read back as the plain change feed reads it, and a damaged row must fail with the same error.
@Suite struct FeedRecallTests {
    /// Reads the whole feed `limit` events a page, through one recall.
    func recalledFeed(_ log: EventLog, limit: Int) throws -> [StoredEvent] {
        var recall = FeedRecall()
        var read: [StoredEvent] = []
        while true {
            let page = try log.changes(after: read.last?.insertionID ?? 0, limit: limit, unparsedRecalling: &recall)
            guard !page.isEmpty else { return read }
            read += page
        }
    }

    @Test func rowsReadBackAsThePlainFeedReadsThem() throws {
        var node = TestNode("krs-server", 287)
        // Streams that recur between others, more streams than the recall has entries, streams of one length that
        // differ in one byte, and streams coming back after others may have taken their entries.
        var names: [String] = []
        for round in 0..<3 {
            for index in 0..<(StreamTable.slots + 300) where index % 3 == round || index < 40 {
                names.append("m\(index)")
                names.append("m\(index % 17)")
            }
        }
        let events = names.map { name in
            node.write(DomainEventType.meetingMinutes, "meeting/\(name)", ["meeting": .string(name), "text": "p"])
        }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(events)
        let plain = try log.changes(after: 0, limit: events.count + 1, parsingPayloadAt: { _ in false })
        #expect(plain.count == events.count)
        for limit in [1, 7, 1_000] {
            let recalled = try recalledFeed(log, limit: limit)
            #expect(recalled == plain)
            #expect(recalled.map(\.event.stream) == events.map(\.stream))
        }
    }

    /// Two texts whose digests pick the same entry each read back as themselves, however often they alternate.
    @Test func textsSharingAnEntryReadBackAsThemselves() throws {
        var bySlot: [Int: String] = [:]
        var pair: (String, String)?
        for index in 0..<100_000 where pair == nil {
            let text = "figure/befrienders/231/\(index)"
            let slot = Array(text.utf8).withUnsafeBufferPointer {
                Int(truncatingIfNeeded: StreamTable.digest($0)) & (StreamTable.slots - 1)
            }
            if let other = bySlot[slot] { pair = (other, text) } else { bySlot[slot] = text }
        }
        let (first, second) = try #require(pair)
        var table = StreamTable()
        for text in [first, second, second, first, first, second, "bad stream!", first] {
            let read = Array(text.utf8).withUnsafeBufferPointer { table.stream($0) }
            #expect(read == StreamID(text))
        }
    }

    /// Damage to the stream, alone or beside damage the decoder checks before or after it, fails both reads with
    /// the same error, wherever the row lies in a page; a stream stored as a blob reads back alike.
    @Test(arguments: [
        "stream = 'bad stream!'",
        "stream = ''",
        "stream = CAST('meeting/m1' AS BLOB)",
        "stream = 'bad stream!', parents = X'00'",
        "channel = 'nowhere', stream = 'bad stream!'",
        "municipality = 0, stream = 'bad stream!'",
        "type = 'Bad', stream = 'meeting/m1'",
        "author = '', stream = 'meeting/m2'",
        "parents = X'0011'",
    ])
    func aDamagedRowFailsAsThePlainFeedFails(damage: String) throws {
        var node = TestNode("krs-server", 287)
        let events = (0..<12).map { index in
            node.write(DomainEventType.meetingMinutes, "meeting/m\(index % 3)", ["meeting": "m", "text": "p"])
        }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(events)
        try log.database.execute("UPDATE events SET \(damage) WHERE id = 6")
        let plain = Result { try log.changes(after: 0, limit: 100, parsingPayloadAt: { _ in false }) }
        for limit in [1, 4, 100] {
            let recalled = Result { try recalledFeed(log, limit: limit) }
            switch (plain, recalled) {
            case (.success(let plain), .success(let recalled)): #expect(recalled == plain)
            case (.failure(let plain), .failure(let recalled)): #expect("\(recalled)" == "\(plain)")
            default: Issue.record("one read failed and the other did not: \(plain), \(recalled)")
            }
        }
    }
}
