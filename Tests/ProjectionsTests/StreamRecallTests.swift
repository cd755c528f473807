import Domain
import EventLog
import EventModel
import Testing

@testable import Projections

/// A page reader recalls the streams of the last few rows (`EnvelopeRecall`): every row must still read back with
/// its own stream, whether it repeats a recalled one, differs from one only in its last byte or pushes one out.
@Suite struct StreamRecallTests {
    @Test func everyRowReadsBackWithItsOwnStream() throws {
        var node = TestNode("krs-server", 287)
        // Runs of one stream, streams of one length differing in their last byte, more streams at once than the
        // recall holds, and a stream coming back after it was pushed out.
        let names = [
            "m1", "m1", "m1", "m2", "m1", "m3", "m4", "m5", "m6", "m1", "m1", "m7", "m10", "m1", "m2", "m2", "m9", "m10",
            "m-x", "m-y", "m-x", "m1",
        ]
        let events = names.map { name in
            node.write(
                DomainEventType.meetingMinutes, "meeting/\(name)",
                ["meeting": .string(name), "text": .string("protokoll \(name)")])
        }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(events)
        for limit in [1, 3, 100] {
            var read: [StoredEvent] = []
            while true {
                let page = try log.changes(
                    after: read.last?.insertionID ?? 0, limit: limit, parsingPayloadAt: { _ in false })
                guard !page.isEmpty else { break }
                read += page
            }
            #expect(read.map(\.event.stream) == events.map(\.stream))
            #expect(read.map(\.event.hash) == events.map(\.hash))
        }
        #expect(try log.changes(after: 0, limit: 100).map(\.event) == events)
    }
}
