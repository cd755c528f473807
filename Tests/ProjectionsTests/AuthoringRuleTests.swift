import Domain
import EventLog
import EventModel
import Projections
import Testing

/// The authoring rule and the derived-indicator refusal, proven at a real log: refused locally with the
/// field named, stored but flagged at ingest, and skipped by the views.
@Suite struct AuthoringRuleTests {
    func figure(_ indicator: String, for code: Int, value: Int = 4) throws -> NewEvent {
        try NewEvent(
            channel: .region, stream: StreamID("figure/\(indicator)/\(code)/2024")!,
            type: DomainEventType.followUpReported, author: Author("samordnare")!,
            payload: figurePayload(indicator, code, 2024, value: value))
    }

    @Test func localFigureForAnotherMunicipalityIsRefusedNamingTheField() throws {
        let (log, directory) = try makeLog(node: "krs-server", municipality: 287)
        defer { cleanUp(directory) }
        #expect {
            try log.append(figure("befrienders", for: 545))
        } throws: { error in
            guard case EventLogError.invalidEvent(let problem) = error else { return false }
            return problem.field == "payload.municipality" && problem.reason.contains("municipality 545")
        }
        #expect {
            try log.append(figure("joint-meetings", for: 287))
        } throws: { error in
            guard case EventLogError.invalidEvent(let problem) = error else { return false }
            return problem.field == "payload.indicator" && problem.reason.contains("derived")
        }
        #expect(try log.lastInsertionID() == 0)
        try log.append(figure("befrienders", for: 287))
        #expect(try log.lastInsertionID() == 1)
    }

    @Test func foreignFigureFromAPeerIsStoredFlaggedAndSkippedByTheViews() throws {
        // A peer that does not check content (an older or broken release) writes a figure for Närpes.
        let (peer, peerDirectory) = try makeLog(node: "ksk-server", municipality: 231, validator: AcceptAnyContent())
        defer { cleanUp(peerDirectory) }
        let foreign = try peer.append(figure("befrienders", for: 545, value: 99))
        let own = try peer.append(figure("befrienders", for: 231, value: 7))
        let derived = try peer.append(figure("joint-meetings", for: 231, value: 3))

        let (log, directory) = try makeLog(node: "krs-server", municipality: 287)
        defer { cleanUp(directory) }
        let outcomes = try log.ingest([foreign, own, derived])
        guard case .appendedFlagged(let reason) = outcomes[0] else {
            Issue.record("expected flagged, got \(outcomes[0])")
            return
        }
        #expect(reason.contains("payload.municipality"))
        #expect(outcomes[1] == .appended)
        guard case .appendedFlagged = outcomes[2] else {
            Issue.record("a figure for a derived indicator must be flagged, got \(outcomes[2])")
            return
        }

        let store = try ProjectionStore(log: log)
        let report = try store.catchUp(log: log)
        #expect(report.flagged == 2 && report.folded == 1 && report.skipped == 0)
        #expect(try store.status().flagged == 2)
        let followUp = try store.followUp()
        #expect(followUp.figure("befrienders", MunicipalityCode(545)!, year: 2024) == nil)
        #expect(followUp.figure("joint-meetings", MunicipalityCode(231)!, year: 2024) == nil)
        #expect(followUp.figure("befrienders", MunicipalityCode(231)!, year: 2024)?.value == 7)
    }

    @Test func unflaggedInvalidEventsAreSkippedAndCasesNeverCounted() throws {
        // A log that accepts anything stores the foreign figure unflagged; the views still judge and skip it.
        let (log, directory) = try makeLog(node: "krs-server", municipality: 287, validator: AcceptAnyContent())
        defer { cleanUp(directory) }
        try log.append(figure("befrienders", for: 545))
        try log.append(
            NewEvent(
                channel: .municipality(MunicipalityCode(287)!), stream: StreamID("case/x1")!,
                type: EventType("case.opened")!, author: Author("handläggare")!, payload: ["note": "personlig"]))
        let store = try ProjectionStore(log: log)
        let report = try store.catchUp(log: log)
        #expect(report.folded == 1 && report.skipped == 1 && report.flagged == 0)
        #expect(report.checkpoint == 2)
        #expect(try store.followUp().canonicalJSON == FollowUpView().canonicalJSON)
    }
}
