import Domain
import EventLog
import EventModel
import Foundation
import Testing

@testable import Projections

/// The views take the log's stored verdicts only where the rules that made them judge as the views' catalog does;
/// wherever they do, the views must be exactly those of judging every event again.
@Suite struct VerdictTrustTests {
    /// The standard catalog with the checks of reported figures left out: it judges a figure of another
    /// municipality valid, which the standard catalog refuses, so a log judged by it stores such figures
    /// unflagged. Every other type it judges as the standard catalog does.
    static let lax = EventCatalog(
        DomainCatalog.standard.schemas.values.flatMap(\.values).map {
            guard $0.type == DomainEventType.followUpReported else { return $0 }
            return EventSchema(type: $0.type.rawValue, version: $0.version, channel: $0.channel, fields: $0.fields)
        })

    /// What a store holds: its rows, counters and digests.
    struct State: Equatable {
        let rows: [String]
        let status: ProjectionStatus
        let digests: [String: EventHash]
    }

    func state(_ store: ProjectionStore) throws -> State {
        State(rows: try viewRows(store.database), status: try store.status(), digests: try storeDigests(store))
    }

    /// Rebuilds `log` once trusting stored verdicts and once judging every event, and checks both against each
    /// other and against an incremental catch-up that judges every event.
    func expectTrustChangesNothing(_ log: EventLog, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = try ProjectionStore(log: log)
        store.reusesStoredVerdicts = false
        try store.rebuild(log: log)
        let judged = try state(store)
        store.reusesStoredVerdicts = true
        try store.rebuild(log: log)
        #expect(try state(store) == judged, sourceLocation: sourceLocation)
        // Incrementally, trusting, in small batches from an empty store.
        try ProjectionSchema.clear(log.database)
        try store.catchUp(log: log, batchSize: 13)
        #expect(try state(store) == judged, sourceLocation: sourceLocation)
        #expect(
            judged.status.skipped + judged.status.flagged > 0, "the history holds events the views leave out",
            sourceLocation: sourceLocation)
    }

    /// How many unflagged events of `log` the views would take on the log's word.
    func trustedCount(_ log: EventLog) throws -> Int {
        let end = try log.lastInsertionID()
        let trust = try VerdictTrust(log: log, catalog: DomainCatalog.standard, through: end)
        return try log.changes(after: 0, limit: Int(end)).filter { trust.verdict(of: $0) != nil }.count
    }

    func history(seed: UInt64) throws -> [Event] {
        var history = try RandomHistory(seed: seed)
        for _ in 0..<300 { history.step() }
        return history.deliveryOrder()
    }

    @Test(arguments: [UInt64(51), 52])
    func aRebuildTrustingStoredVerdictsEqualsOneJudgingEveryEvent(seed: UInt64) throws {
        let (log, directory) = try makeLog(validator: DomainCatalog.standard.merging(TrustCatalog.catalog))
        defer { cleanUp(directory) }
        _ = try log.ingest(try history(seed: seed))
        #expect(try trustedCount(log) > 100)
        try expectTrustChangesNothing(log)
    }

    @Test func verdictsOfRulesThatJudgeOtherwiseAreJudgedAgain() throws {
        #expect(Self.lax.rulesFingerprint != nil)
        let (log, directory) = try makeLog(validator: Self.lax)
        defer { cleanUp(directory) }
        _ = try log.ingest(try history(seed: 53))
        // The lax rules are the log's current ones, but they judge the checked types otherwise than the views.
        #expect(try log.verdictSegments().map(\.fingerprint) == [Self.lax.rulesFingerprint])
        let types = Set(try log.changes(after: 0, limit: 10_000).map(\.event.type))
        #expect(types.contains(DomainEventType.followUpReported))
        let trust = try VerdictTrust(log: log, catalog: DomainCatalog.standard, through: try log.lastInsertionID())
        for stored in try log.changes(after: 0, limit: 10_000) where trust.verdict(of: stored) != nil {
            #expect(stored.event.type != DomainEventType.followUpReported)
        }
        #expect(try trustedCount(log) > 100)
        try expectTrustChangesNothing(log)
    }

    @Test func afterAnUpgradeOnlyTheVerdictsOfTheNewRulesAreTaken() throws {
        let delivered = try history(seed: 54)
        let half = delivered.count / 2
        let (old, directory) = try makeLog(validator: Self.lax)
        defer { cleanUp(directory) }
        _ = try old.ingest(Array(delivered[..<half]))
        let split = try old.lastInsertionID()
        #expect(try trustedCount(old) > 0, "the lax rules are the old log's own, so the unchecked types are trusted")
        old.close()

        let log = try EventLog(directory: directory, validator: DomainCatalog.standard, clock: ManualClock())
        _ = try log.ingest(Array(delivered[half...]))
        let segments = try log.verdictSegments()
        #expect(segments.map(\.start) == [1, split + 1])
        #expect(segments.map(\.fingerprint) == [Self.lax.rulesFingerprint, DomainCatalog.standard.rulesFingerprint])
        let trusted = try trustedCount(log)
        let added = Int(try log.lastInsertionID() - split)
        #expect(trusted > 0 && trusted <= added)
        try expectTrustChangesNothing(log)
    }

    @Test func twoWritersWithOtherRulesOnOneFileEachMarkTheirOwnEvents() throws {
        let delivered = try history(seed: 55)
        let (strict, directory) = try makeLog(validator: DomainCatalog.standard)
        defer { cleanUp(directory) }
        let lax = try EventLog(directory: directory, validator: Self.lax, clock: ManualClock())
        var rng = SplitMix64(seed: 55)
        var offset = 0
        while offset < delivered.count {
            let chunk = Array(delivered[offset..<min(offset + Int.random(in: 1...30, using: &rng), delivered.count)])
            offset += chunk.count
            _ = try (Bool.random(using: &rng) ? strict : lax).ingest(chunk)
        }
        #expect(try strict.verdictSegments().count > 2)
        try expectTrustChangesNothing(strict)
        // The lax writer's view of the same file: its own rules are current there.
        try expectTrustChangesNothing(lax)
        lax.close()
    }

    @Test func aValidatorWithoutAFingerprintIsNeverTrusted() throws {
        let (log, directory) = try makeLog(validator: AcceptAnyContent())
        defer { cleanUp(directory) }
        _ = try log.ingest(try history(seed: 56))
        #expect(try log.verdictSegments().isEmpty)
        #expect(try trustedCount(log) == 0)
        try expectTrustChangesNothing(log)
    }
}
