import Domain
import EventModel
import Testing

@Suite struct FollowUpMatrixTests {
    /// One year of fixture events: the programme, four meetings (one cancelled), a gathering, figures and targets.
    static func fixture() throws -> [Event] {
        var narpes = TestNode("nrp-server", 545)
        var krs = TestNode("krs-server", 287)
        var ksk = TestNode("ksk-server", 231)
        var mlx = TestNode("mlx-server", 475)
        var krn = TestNode("krn-server", 280)
        var events = try programmeEvents(node: &narpes)
        func meeting(_ id: String, _ date: String, held: Bool) {
            events.append(
                narpes.write(
                    DomainEventType.meetingScheduled, "meeting/\(id)",
                    ["meeting": .string(id), "date": .string(date), "host": 545, "place": "Närpes stadshus"]))
            events.append(
                held
                    ? narpes.write(
                        DomainEventType.meetingHeld, "meeting/\(id)", ["meeting": .string(id), "date": .string(date)])
                    : narpes.write(
                        DomainEventType.meetingCancelled, "meeting/\(id)",
                        ["meeting": .string(id), "reason": "Sjukdom"]))
        }
        meeting("2024-1", "2024-02-15", held: true)
        meeting("2024-2", "2024-05-20", held: true)
        meeting("2024-3", "2024-09-10", held: false)
        meeting("2024-4", "2024-11-12", held: true)
        meeting("2023-4", "2023-11-30", held: true)
        events.append(
            krs.write(
                DomainEventType.gatheringHeld, "gathering/2024-host",
                [
                    "gathering": "2024-host", "date": "2024-10-05", "host": 287, "place": "Kristinestad",
                    "title": "Integrationsdag",
                    "actors": ["Tredje sektorn", "Församlingen"], "participants": 120,
                ]))
        events.append(
            narpes.write(
                DomainEventType.municipalityTarget, "target/2023-2025/befrienders/545/2024",
                ["programme": "2023-2025", "indicator": "befrienders", "municipality": 545, "year": 2024, "min": 10]))
        events.append(
            krs.write(
                DomainEventType.municipalityTarget, "target/2023-2025/befrienders/287/2024",
                [
                    "programme": "2023-2025", "indicator": "befrienders", "municipality": 287, "year": 2024, "min": 5,
                    "max": 15,
                ]))
        events.append(
            narpes.write(
                DomainEventType.followUpReported, "figure/befrienders/545/2024",
                figurePayload("befrienders", 545, 2024, value: 12)))
        events.append(
            krs.write(
                DomainEventType.followUpReported, "figure/befrienders/287/2024",
                figurePayload("befrienders", 287, 2024, value: 3)))
        events.append(
            ksk.write(
                DomainEventType.followUpReported, "figure/courses/231/2024",
                figurePayload("courses", 231, 2024, value: 4, participants: 38)))
        events.append(
            mlx.write(
                DomainEventType.followUpReported, "figure/courses/475/2024",
                figurePayload("courses", 475, 2024, value: 2, participants: 17)))
        events.append(
            mlx.write(
                DomainEventType.followUpReported, "figure/resident-guide/475/2024",
                figurePayload("resident-guide", 475, 2024, done: true, note: "sv, fi, ar")))
        events.append(
            krn.write(
                DomainEventType.followUpReported, "figure/resident-guide/280/2024",
                figurePayload("resident-guide", 280, 2024, done: false)))
        events.append(
            narpes.write(
                DomainEventType.followUpReported, "figure/programme-update/545/2023",
                figurePayload("programme-update", 545, 2023, done: true)))
        events.append(
            krs.write(
                DomainEventType.followUpReported, "figure/tea-viisari/287/2024",
                figurePayload("tea-viisari", 287, 2024, reference: "TEA 2024: 61 %")))
        // Skipped: Kaskö may not report for Närpes.
        events.append(
            ksk.write(
                DomainEventType.followUpReported, "figure/befrienders/545/2024",
                figurePayload("befrienders", 545, 2024, value: 99)))
        return events
    }

    static let golden = """
        {"cells":[{"conflict":false,"municipality":287,"overdue":false,"status":"below","target":{"max":15,"min":5},"value":3},{"municipality":231,"overdue":true,"status":"notReported"},{"conflict":false,"municipality":545,"overdue":false,"status":"met","target":{"min":10},"value":12},{"municipality":280,"overdue":true,"status":"notReported"},{"municipality":475,"overdue":true,"status":"notReported"}],"indicator":"befrienders","kind":"count","source":"reported","total":{"met":1,"reported":2,"value":15}}
        {"cells":[{"municipality":287,"overdue":true,"status":"notReported"},{"conflict":false,"municipality":231,"overdue":false,"participants":38,"status":"reported","value":4},{"municipality":545,"overdue":true,"status":"notReported"},{"municipality":280,"overdue":true,"status":"notReported"},{"conflict":false,"municipality":475,"overdue":false,"participants":17,"status":"reported","value":2}],"indicator":"courses","kind":"countWithParticipants","source":"reported","total":{"met":0,"participants":55,"reported":2,"value":6}}
        {"cells":[],"indicator":"joint-events","kind":"targetRange","programmeTarget":{"max":3,"min":1},"source":"gatherings","total":{"met":0,"reported":0,"status":"met","value":1}}
        {"cells":[],"indicator":"joint-meetings","kind":"targetRange","programmeTarget":{"max":4,"min":2},"source":"meetings","total":{"met":0,"reported":0,"status":"met","value":3}}
        {"cells":[{"municipality":287,"overdue":true,"status":"notReported"},{"municipality":231,"overdue":true,"status":"notReported"},{"municipality":545,"overdue":false,"status":"met"},{"municipality":280,"overdue":true,"status":"notReported"},{"municipality":475,"overdue":true,"status":"notReported"}],"indicator":"programme-update","kind":"periodicDuty","source":"reported","total":{"met":1,"reported":0,"value":0}}
        {"cells":[{"municipality":287,"overdue":true,"status":"notReported"},{"municipality":231,"overdue":true,"status":"notReported"},{"municipality":545,"overdue":true,"status":"notReported"},{"conflict":false,"done":false,"municipality":280,"overdue":false,"status":"below"},{"conflict":false,"done":true,"municipality":475,"overdue":false,"status":"met"}],"indicator":"resident-guide","kind":"yesNo","source":"reported","total":{"met":1,"reported":2,"value":1}}
        {"cells":[{"conflict":false,"municipality":287,"overdue":false,"reference":"TEA 2024: 61 %","status":"reported"},{"municipality":231,"overdue":true,"status":"notReported"},{"municipality":545,"overdue":true,"status":"notReported"},{"municipality":280,"overdue":true,"status":"notReported"},{"municipality":475,"overdue":true,"status":"notReported"}],"indicator":"tea-viisari","kind":"externalTool","source":"reported","total":{"met":0,"reported":1}}
        """

    @Test func goldenMatrixAfterTheYear() throws {
        var view = FollowUpView()
        for event in try Self.fixture() { view.apply(event) }
        #expect(view.skippedCount == 1)
        let matrix = view.matrix(year: 2024, asOf: CalendarDate("2025-04-15")!)
        #expect(matrix.isYearClosed)
        #expect(matrix.members == [Codes.kristinestad, Codes.kasko, Codes.narpes, Codes.korsnas, Codes.malax])
        #expect(matrix.rows.count == 25)
        let lines = matrix.rows.filter {
            [
                "joint-meetings", "joint-events", "befrienders", "courses", "resident-guide", "programme-update",
                "tea-viisari",
            ].contains($0.indicator.id)
        }
        .sorted { $0.indicator.id < $1.indicator.id }
        .map { CanonicalJSON.string(FollowUpMatrix.json(row: $0)) }
        #expect(lines.joined(separator: "\n") == Self.golden)
    }

    @Test func midYearAsOfDateCountsOnlyWhatHadHappened() throws {
        var view = FollowUpView()
        for event in try Self.fixture() { view.apply(event) }
        let digest = view.digest
        let matrix = view.matrix(year: 2024, asOf: CalendarDate("2024-06-30")!)
        #expect(!matrix.isYearClosed)
        #expect(matrix.row("joint-meetings")?.total.value == 2)
        #expect(matrix.row("joint-meetings")?.total.status == .met)
        #expect(matrix.row("joint-events")?.total.value == 0)
        #expect(matrix.row("joint-events")?.total.status == .below)
        #expect(matrix.cell("befrienders", Codes.kasko)?.status == .notReported)
        #expect(matrix.cell("befrienders", Codes.kasko)?.isOverdue == false)
        // Reading against a date changes nothing in the state.
        #expect(view.digest == digest)
    }

    @Test func aFifthMeetingIsAboveTheRange() throws {
        var node = TestNode("mlx-server", 475, startMillis: 1_800_000_000_000)
        var view = FollowUpView()
        for event in try Self.fixture() { view.apply(event) }
        for id in ["x1", "x2"] {
            view.apply(
                node.write(
                    DomainEventType.meetingHeld, "meeting/\(id)", ["meeting": .string(id), "date": "2024-12-01"]))
        }
        let row = view.matrix(year: 2024, asOf: CalendarDate("2025-01-10")!).row("joint-meetings")
        #expect(row?.total.value == 5)
        #expect(row?.total.status == .above)
    }
}
