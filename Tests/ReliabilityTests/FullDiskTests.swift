import EventLog
import EventModel
import Foundation
import Testing

/// A full disk, simulated by lowering SQLite's `max_page_count` on the log's own connection: writes
/// fail with a clear error and leave nothing half-written; reads go on; room returns, writes resume.
@Suite struct FullDiskTests {
    @Test func appendsAndIngestFailCleanlyAndRecoverWhenRoomReturns() throws {
        let node = try SourceLog(node: "kas-server", municipality: 231)
        let peer = try SourceLog(node: "krs-laptop", municipality: 287)
        defer {
            node.destroy()
            peer.destroy()
        }
        try node.appendMeetings(40, prefix: "before")
        let offered = try peer.appendMeetings(400, prefix: "peer", batch: 400)
        let pages = try #require(try node.log.database.int64("PRAGMA page_count"))
        try node.log.database.execute("PRAGMA max_page_count = \(pages + 2)")
        let vectorBefore = try node.log.vector()

        // A batch that needs more room than there is: refused as a whole, with SQLite's own words.
        var appendError: (any Error)?
        do { try node.appendMeetings(300, prefix: "big", batch: 300) } catch { appendError = error }
        let appendText = appendError.map { "\($0)" } ?? ""
        #expect(appendText.contains("full"), "a clear error: \(appendText)")
        var ingestError: (any Error)?
        do { _ = try node.log.ingest(offered) } catch { ingestError = error }
        #expect(ingestError.map { "\($0)" }?.contains("full") == true, "ingest: \(String(describing: ingestError))")

        // Nothing half-written: the vector, the chains and SQLite's integrity are as before.
        #expect(try node.log.vector() == vectorBefore)
        let report = try node.log.verify()
        #expect(report.isSound, "\(report.faults)")
        #expect(report.eventCount == 40)
        // Reads still work.
        #expect(try node.log.events(after: VersionVector(), channels: [.region]).events.count == 40)
        #expect(try node.log.changes(after: 0).count == 40)

        // Room returns: both writes succeed and the log is sound.
        try node.log.database.execute("PRAGMA max_page_count = 1073741823")
        try node.appendMeetings(300, prefix: "big", batch: 300)
        #expect(try node.log.ingest(offered).allSatisfy { $0 == .appended })
        let after = try node.log.verify()
        #expect(after.isSound && after.eventCount == 740)
    }
}
