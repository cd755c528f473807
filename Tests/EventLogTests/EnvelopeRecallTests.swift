import EventLog
import EventModel
import Testing

/// A page of the change feed reuses the envelope fields of the rows before (`EnvelopeRecall`); it must decode every
/// row as a row decoded alone would be.
@Suite struct EnvelopeRecallTests {
    @Test func aPageDecodesEveryRowAsDecodedAlone() throws {
        let (log, directory) = try makeTemporaryLog()
        defer {
            log.close()
            cleanUp(directory)
        }
        // More distinct authors than a page recalls, names of one length, and two channels and types interleaved.
        let authors = (0..<60).map { "author-\($0 % 23 + 10)" }
        for (index, author) in authors.enumerated() {
            let isCase = index % 3 == 0
            _ = try log.append(
                NewEvent(
                    channel: isCase ? .municipality(MunicipalityCode(287)!) : .region, stream: StreamID("note/\(index % 7)")!,
                    type: EventType(isCase ? "test.case" : "test.note")!, author: Author(author)!,
                    payload: ["text": .string("row \(index)")]))
        }
        let page = try log.changes(after: 0, limit: 1000)
        #expect(page == (try log.events(matching: LogFilter(), after: 0, limit: 1000)))
        #expect(page.map(\.event.author.rawValue) == authors)
        #expect(page.map(\.event.type.rawValue) == authors.indices.map { $0 % 3 == 0 ? "test.case" : "test.note" })
        #expect(page.map(\.event.channel) == authors.indices.map { $0 % 3 == 0 ? .municipality(MunicipalityCode(287)!) : .region })
    }
}
