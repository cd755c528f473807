import CSQLite
@testable import EventLog
import EventModel
import Foundation
@testable import Node
import Replication
import Testing

extension ProcessTests {
    /// How many commits a secured page costs on the serving node (one per own chain with heads to sign; here one)
    /// and on the pulling node (one). Each commit is an fsync at `synchronous=FULL`; storing every signed head on
    /// its own made a page of 5,000 events about twenty of them on each side.
    @Suite(.serialized) struct SecuredPageCommitTests {
        @Test func aPageIsSignedInOneCommitAndStoredWithItsHeadsInOneCommit() throws {
            let region = try SecurityRegion(codes: [287])
            defer { region.destroy() }
            let server = try region.node("krs-server", municipality: 287)
            let laptop = try region.node("krs-laptop", municipality: 287)
            try region.enrolAll()
            let source = try EventLog(directory: laptop.data, validator: NodeStore.catalog)
            // 600 meetings: the laptop signs a head every 256 events of its chain, so the page carries three.
            _ = try source.append(
                (1...600).map { number in
                    try NewEvent(
                        channel: .region, stream: StreamID("meeting/m-\(number)")!, type: EventType("meeting.scheduled")!,
                        author: Author("samordnare")!,
                        payload: [
                            "meeting": .string("m-\(number)"), "date": .string("2025-03-12"), "host": 287,
                            "place": .string("Stadshuset"),
                        ])
                })
            let sourceSecurity = try #require(try NodeSecurity.load(directory: laptop.data, log: source))
            let sourceCommits = CommitCounter(source.database)
            let page = try SecureIngest.page(
                after: VersionVector(), channels: [.region], excluding: [], maxCount: 5_000, maxBytes: 4 << 20,
                log: source, security: sourceSecurity)
            #expect(page.events.count == 602)
            #expect(page.heads.count == 3)
            // Only the laptop's own chain gets new heads; the server's chain on the laptop has none to sign.
            #expect(sourceCommits.count == 1)

            let target = try EventLog(directory: server.data, validator: NodeStore.catalog)
            let targetSecurity = try #require(try NodeSecurity.load(directory: server.data, log: target))
            let offered = try page.events.map { OfferedEvent(wire: try JSONParser.parse($0.json), validator: NodeStore.catalog) }
            let targetCommits = CommitCounter(target.database)
            let outcomes = try SecureIngest.ingest(offered: offered, heads: page.heads, log: target, security: targetSecurity)
            let appended = outcomes.filter { if case .appended = $0 { true } else { false } }.count
            #expect(appended == 602)
            #expect(targetCommits.count == 1)
            let laptopOrigin = try #require(Origin(laptop.origin))
            let storedHeads = try target.database.int64(
                "SELECT count(*) FROM signed_heads WHERE origin = ?", [laptopOrigin.description])
            #expect(storedHeads == 3)
            #expect(try target.vector()[ChainKey(channel: .region, origin: laptopOrigin)].seq == 602)
        }
    }
}

/// Counts the commits of one connection through SQLite's commit hook, for as long as it lives.
final class CommitCounter {
    private(set) var count = 0
    private let database: Database

    init(_ database: Database) {
        self.database = database
        sqlite3_commit_hook(
            database.handle,
            { context in
                Unmanaged<CommitCounter>.fromOpaque(context!).takeUnretainedValue().count += 1
                return 0
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { sqlite3_commit_hook(database.handle, nil, nil) }
}
