import Domain
import EventModel
import Testing

@Suite struct CaseDeadlineTests {
    /// Events of one case, written by a Närpes node on its own channel.
    struct Case {
        var file = CaseFile(stream: StreamID("case/c1")!)
        var seq: Int64 = 0
        var previous = EventHash.zero
        let catalog = DomainCatalog.standard

        mutating func record(_ step: CaseStep, _ on: String, _ extra: [String: JSONValue] = [:]) {
            seq += 1
            var payload = extra
            payload["on"] = .string(on)
            let event = Event(
                channel: .municipality(MunicipalityCode(545)!), origin: Origin("nrp-server.1")!, seq: seq,
                previous: previous, hlc: HLC(wallMillis: 1_700_000_000_000 + seq, counter: 0),
                municipality: MunicipalityCode(545)!, stream: file.stream, type: step.eventType, schemaVersion: 1,
                author: Author("handläggare")!, parents: [], payload: .object(payload))
            #expect(catalog.verdict(for: event.content) == .valid, "\(step) \(payload)")
            previous = event.hash
            file.apply(event)
        }
    }

    func dues(_ file: CaseFile, _ asOf: String) -> [String: CaseDeadlines.Due] {
        Dictionary(uniqueKeysWithValues: CaseDeadlines.due(file, asOf: CalendarDate(asOf)!).map { ($0.deadline, $0) })
    }

    @Test func monthArithmeticFollowsTheCalendar() {
        #expect(CalendarDate("2024-01-31")!.adding(months: 1) == CalendarDate("2024-02-29"))
        #expect(CalendarDate("2023-01-31")!.adding(months: 1) == CalendarDate("2023-02-28"))
        #expect(CalendarDate("2024-12-20")!.adding(days: 14) == CalendarDate("2025-01-03"))
        #expect(CalendarDate("1970-01-01")!.dayNumber == 0)
        #expect(CalendarDate(dayNumber: CalendarDate("2025-03-01")!.dayNumber - 1) == CalendarDate("2025-02-28"))
    }

    @Test func theOldActGovernsCasesStartedUntilTheChangeOver() {
        #expect(LegalRegime.governing(CalendarDate("2024-12-31")!)?.id == "1386/2010")
        #expect(LegalRegime.governing(CalendarDate("2025-01-01")!)?.id == "681/2023")
    }

    @Test func deadlinesUnderTheOldAct() {
        var c = Case()
        c.record(.opened, "2024-10-15", ["grounds": "unemployed_jobseeker"])
        var due = dues(c.file, "2024-12-14")
        #expect(due["assessment-start"]?.dueOn == CalendarDate("2024-12-15"))
        #expect(due["assessment-start"]?.isOverdue == false)
        #expect(dues(c.file, "2024-12-16")["assessment-start"]?.isOverdue == true)
        c.record(.assessment_started, "2024-12-02", ["by": "municipality"])
        c.record(.assessment_completed, "2024-12-20", ["by": "municipality", "planNeeded": true])
        due = dues(c.file, "2025-01-10")
        #expect(due["assessment-start"]?.doneOn == CalendarDate("2024-12-02"))
        #expect(due["plan-preparation"]?.dueOn == CalendarDate("2025-01-03"))
        #expect(due["plan-preparation"]?.isOverdue == true)
        #expect(due["plan-preparation"]?.regime == "1386/2010")
        c.record(.plan_signed, "2025-01-08")
        due = dues(c.file, "2025-02-10")
        #expect(due["referral"]?.dueOn == CalendarDate("2025-02-08") && due["referral"]?.isOverdue == true)
        #expect(due["review"]?.dueOn == CalendarDate("2026-01-08"))
        #expect(due["plan-total-length"]?.dueOn == CalendarDate("2028-01-08"))
        c.record(.plan_extended, "2026-01-05", ["until": "2027-01-08"])
        #expect(dues(c.file, "2026-02-01")["plan-total-length"]?.dueOn == CalendarDate("2030-01-08"))
        #expect(dues(c.file, "2026-02-01")["review"]?.dueOn == CalendarDate("2027-01-05"))
    }

    @Test func deadlinesUnderTheNewAct() {
        var c = Case()
        c.record(.opened, "2025-01-01", ["grounds": "international_protection", "interpreterNeeded": true])
        #expect(dues(c.file, "2025-06-01")["assessment-start"] == nil, "681/2023 sets no such deadline")
        c.record(.assessment_started, "2025-01-20", ["by": "employment_authority"])
        c.record(.assessment_completed, "2025-02-03", ["by": "employment_authority", "planNeeded": true])
        let due = dues(c.file, "2025-02-04")
        #expect(due["plan-preparation"]?.dueOn == CalendarDate("2025-02-03"))
        #expect(due["plan-preparation"]?.isOverdue == true, "without delay means the same day")
        c.record(.plan_signed, "2025-02-03")
        c.record(.plan_reviewed, "2025-08-01")
        let later = dues(c.file, "2025-09-01")
        #expect(later["plan-preparation"]?.doneOn == CalendarDate("2025-02-03"))
        #expect(later["referral"]?.dueOn == CalendarDate("2025-08-03") && later["referral"]?.isOverdue == true)
        #expect(later["review"]?.dueOn == CalendarDate("2026-02-01") && later["review"]?.isOverdue == false)
        #expect(later["plan-total-length"]?.dueOn == CalendarDate("2027-02-03"))
        c.record(.closed, "2025-09-15")
        #expect(dues(c.file, "2025-10-01").allSatisfy { $0.value.doneOn != nil }, "a closed case has nothing open")
    }

    @Test func noPlanNeededMeansNoPlanDeadlines() {
        var c = Case()
        c.record(.opened, "2025-03-01", ["grounds": "own_request"])
        c.record(.assessment_completed, "2025-03-20", ["by": "municipality", "planNeeded": false])
        #expect(dues(c.file, "2025-12-01")["plan-preparation"] == nil)
    }

    @Test func caseEventsStayInTheirMunicipalityChannelOnOpaqueStreams() {
        let region = EventContent(
            channel: .region, municipality: MunicipalityCode(545)!, stream: StreamID("case/c1")!,
            type: CaseStep.opened.eventType, schemaVersion: 1, parents: [], payload: ["on": "2025-01-01", "grounds": "other"])
        guard case .invalid(let error) = DomainCatalog.standard.verdict(for: region) else {
            Issue.record("case events must not go to the region channel")
            return
        }
        #expect(error.field == "channel")
        let named = EventContent(
            channel: .municipality(MunicipalityCode(545)!), municipality: MunicipalityCode(545)!,
            stream: StreamID("person/Ali")!, type: CaseStep.opened.eventType, schemaVersion: 1, parents: [],
            payload: ["on": "2025-01-01", "grounds": "other"])
        guard case .invalid(let streamError) = DomainCatalog.standard.verdict(for: named) else {
            Issue.record("a case stream must be case/<opaque id>")
            return
        }
        #expect(streamError.field == "stream")
    }

    @Test func smallCountsAreSuppressedAtTheSourceAndInTotals() {
        #expect(SuppressedCount(0).description == "0")
        #expect(SuppressedCount(3).description == "<5")
        #expect(SuppressedCount(5).description == "5")
        #expect(SuppressedCount(2, threshold: 3).description == "<3" && SuppressedCount(3, threshold: 3) == .exact(3))
        let cells = [SuppressedCount(12), SuppressedCount(3), SuppressedCount(0), SuppressedCount(7)]
        #expect(SuppressedCount.total(cells).description == "20–23")
        #expect(SuppressedCount.total([SuppressedCount(12), SuppressedCount(7)]) == .exact(19))
        // A total that would reveal the suppressed cell (19 exact + one cell) never comes out exact.
        if case .exact = SuppressedCount.total([SuppressedCount(12), SuppressedCount(7), SuppressedCount(1)]) {
            Issue.record("an exact total would reveal the cell of 1")
        }
    }
}
