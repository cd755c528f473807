import EventLog
import EventModel
import Foundation
@testable import Node
import Security
import Testing

extension ProcessTests {
    /// The trust fold's skip after a batch (`SecureIngest.noteStoredWithoutTrust`) against another writer of the
    /// node's file: the CLI appends a revocation while the node ingests, so its row lands among the batch's ids.
    @Suite(.serialized) struct TrustFoldSkipTests {
        @Test func aRevocationAnotherProcessWroteAmongABatchsRowsIsStillFolded() throws {
            let region = try SecurityRegion(codes: [287])
            defer { region.destroy() }
            let server = try region.node("krs-server", municipality: 287)
            let laptop = try region.node("krs-laptop", municipality: 287)
            try region.enrolAll()
            for number in 1...3 {
                try SecurityRegion.run([
                    "append", "--data", laptop.data, "--channel", "region", "--stream", "meeting/m-\(number)", "--type",
                    "meeting.scheduled", "--payload",
                    #"{"meeting":"m-\#(number)","date":"2025-03-12","host":287,"place":"Stadshuset"}"#,
                ])
            }
            let laptopOrigin = try #require(Origin(laptop.origin))
            // The laptop's region chain: its two enrolments (trust statements), then the three meetings.
            let chain = try EventLog(directory: laptop.data, validator: NodeStore.catalog)
                .events(matching: LogFilter(channel: .region, origin: laptopOrigin)).map(\.event)
            #expect(chain.map(\.seq) == [1, 2, 3, 4, 5])
            let trustStatements = chain.prefix(2).map { OfferedEvent(event: $0, validator: NodeStore.catalog) }
            let meetings = chain.suffix(3).map { OfferedEvent(event: $0, validator: NodeStore.catalog) }
            #expect(trustStatements.allSatisfy(\.isTrustStatement) && !meetings.contains(where: \.isTrustStatement))

            let log = try EventLog(directory: server.data, validator: NodeStore.catalog)
            let security = try #require(try NodeSecurity.load(directory: server.data, log: log))
            _ = try log.ingest(offered: trustStatements)
            try security.refreshTrust(log)
            #expect(Self.isRevoked(security.trust.standing(of: laptopOrigin)) == false)

            // The ingest reads where the log ends, another process appends, then the batch is stored.
            let before = try log.lastInsertionID()
            let revocation = try SecurityRegion.run([
                "revoke", "--genesis", region.genesisPath, "--root-key", region.rootKey(287), "--origin", laptop.origin,
                "--municipality", "287", "--through", "region=3",
            ])
            try SecurityRegion.run(
                [
                    "append", "--data", server.data, "--channel", "region", "--stream", "trust/\(laptop.origin)",
                    "--type", "trust.node_revoked",
                ], stdin: revocation)
            let results = try log.ingest(offered: meetings)
            #expect(results.allSatisfy { if case .appended = $0 { true } else { false } })
            #expect(try log.lastInsertionID() == before + 4)

            try SecureIngest.noteStoredWithoutTrust(meetings, results, before: before, log: log, security: security)
            try security.refreshTrust(log)
            #expect(Self.isRevoked(security.trust.standing(of: laptopOrigin)))
        }

        static func isRevoked(_ standing: TrustState.Standing) -> Bool {
            if case .enrolled(_, _, let through) = standing { return through != nil }
            return false
        }
    }
}
