import Domain
import EventModel
import Testing

@Suite struct CaseCountsTests {
    /// Writes case events as one node of a municipality does: its own channel, gapless chain, ticking clock.
    struct CaseWriter {
        let municipality: MunicipalityCode
        var seq: Int64 = 0
        var previous = EventHash.zero
        var files: [String: CaseFile] = [:]

        init(_ code: Int) { municipality = MunicipalityCode(code)! }

        mutating func record(_ id: String, _ step: CaseStep, _ on: String, _ extra: [String: JSONValue] = [:]) {
            write(id, step.eventType, on, extra)
        }

        mutating func erase(_ id: String, _ on: String) { write(id, CaseStep.erasedType, on, [:]) }

        private mutating func write(_ id: String, _ type: EventType, _ on: String, _ extra: [String: JSONValue]) {
            seq += 1
            var payload = extra
            payload["on"] = .string(on)
            let stream = StreamID("case/\(id)")!
            let event = Event(
                channel: .municipality(municipality), origin: Origin("case-writer.1")!, seq: seq, previous: previous,
                hlc: HLC(wallMillis: 1_750_000_000_000 + seq, counter: 0), municipality: municipality, stream: stream,
                type: type, schemaVersion: 1, author: Author("handläggare")!, parents: [], payload: .object(payload))
            #expect(DomainCatalog.standard.verdict(for: event.content) == .valid, "\(type) \(payload)")
            previous = event.hash
            files[id, default: CaseFile(stream: stream)].apply(event)
        }

        var all: [CaseFile] { files.keys.sorted().compactMap { files[$0] } }
    }

    /// Five cases of Närpes across 2024 and 2025; the expected counts are worked out by hand in the tests.
    static func fixture() -> CaseWriter {
        var w = CaseWriter(545)
        let municipality: [String: JSONValue] = ["by": "municipality"]
        let planNeeded: [String: JSONValue] = ["by": "municipality", "planNeeded": true]
        w.record("c1", .opened, "2024-11-01", ["grounds": "unemployed_jobseeker"])
        w.record("c1", .assessment_started, "2024-12-02", municipality)
        w.record("c1", .assessment_completed, "2025-01-15", planNeeded)
        w.record("c1", .plan_signed, "2025-01-29")
        w.record("c1", .referral, "2025-02-10", ["to": "language_training"])
        w.record("c1", .plan_ended, "2025-05-30")
        // c2: a plan drafted but never signed is not a plan made.
        w.record("c2", .opened, "2025-01-05", ["grounds": "own_request"])
        w.record("c2", .assessment_started, "2025-01-10", municipality)
        w.record("c2", .assessment_completed, "2025-02-20", planNeeded)
        w.record("c2", .plan_drafted, "2025-03-01")
        // c3: two referrals in one quarter are one case referred.
        w.record("c3", .opened, "2025-02-01", ["grounds": "family_member"])
        w.record("c3", .assessment_started, "2025-02-03", municipality)
        w.record("c3", .referral, "2025-03-05", ["to": "language_training"])
        w.record("c3", .referral, "2025-03-20", ["to": "civic_orientation"])
        // c4: closed on the quarter's last day, so its plan is not in force at the end of it.
        w.record("c4", .opened, "2024-03-01", ["grounds": "social_assistance"])
        w.record("c4", .assessment_started, "2024-03-05", municipality)
        w.record("c4", .assessment_completed, "2024-04-01", planNeeded)
        w.record("c4", .plan_signed, "2024-04-10")
        w.record("c4", .referral, "2024-05-01", ["to": "other"])
        w.record("c4", .closed, "2025-03-31")
        // c5: erased later; the work done still counts.
        w.record("c5", .opened, "2024-06-01", ["grounds": "international_protection"])
        w.record("c5", .assessment_started, "2024-06-02", municipality)
        w.record("c5", .assessment_completed, "2024-06-20", planNeeded)
        w.record("c5", .plan_signed, "2024-07-01")
        w.erase("c5", "2025-06-01")
        return w
    }

    func counts(_ files: [CaseFile], _ period: String) -> [Int] {
        let counts = CasePeriodCounts(files, period: CasePeriod(period)!)
        return CaseCountKey.allCases.map { counts[$0] }
    }

    /// A Närpes node writing region events.
    static func narpesNode() -> TestNode { TestNode("nrp-server", 545, startMillis: 1_760_000_000_000) }

    func payload(_ code: Int, _ period: String, _ values: [Int], threshold: Int = 5) -> JSONValue {
        var counts: [CaseCountKey: SuppressedCount] = [:]
        for (key, value) in zip(CaseCountKey.allCases, values) {
            counts[key] = SuppressedCount(value, threshold: threshold)
        }
        return PublishedCaseCounts(
            municipality: MunicipalityCode(code)!, period: CasePeriod(period)!, counts: counts
        ).payload
    }

    // MARK: periods

    @Test func periodsParseAndBound() {
        #expect(CasePeriod("2025-Q1")?.start == CalendarDate("2025-01-01"))
        #expect(CasePeriod("2025-Q1")?.end == CalendarDate("2025-03-31"))
        #expect(CasePeriod("2024-Q4")?.end == CalendarDate("2024-12-31"))
        #expect(CasePeriod("2025")?.end == CalendarDate("2025-12-31"))
        #expect(CasePeriod("2025")?.kind == .year && CasePeriod("2025-Q3")?.kind == .quarter)
        for bad in ["2025-Q5", "2025-Q0", "2025-q1", "25", "2025Q1", "1999", "2025-Q1 ", ""] {
            #expect(CasePeriod(bad) == nil, "\(bad)")
        }
        #expect(CasePeriod("2025-Q2")!.isComplete(asOf: CalendarDate("2025-07-01")!))
        #expect(!CasePeriod("2025-Q2")!.isComplete(asOf: CalendarDate("2025-06-30")!))
        let completed = CasePeriod.completed(in: 2024...2025, asOf: CalendarDate("2025-07-01")!)
        #expect(
            completed.map(\.description) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024", "2025-Q1", "2025-Q2"])
        #expect(CasePeriod.completed(in: 1990...1995, asOf: CalendarDate("2025-07-01")!).isEmpty)
    }

    // MARK: counting

    @Test func countsEqualTheFixtureCases() {
        let files = Self.fixture().all
        #expect(files.first { $0.stream.rawValue == "case/c5" }?.isErased == true)
        // assessmentsStarted, assessmentsCompleted, plansMade, plansActive, referrals
        #expect(counts(files, "2025-Q1") == [2, 2, 1, 2, 2])
        #expect(counts(files, "2025-Q2") == [0, 0, 0, 1, 0])
        #expect(counts(files, "2024") == [3, 2, 2, 2, 1])
        #expect(counts(files, "2025") == [2, 2, 1, 1, 2])
        #expect(counts(files, "2023") == [0, 0, 0, 0, 0])
    }

    @Test func suppressionHappensAtTheSource() {
        var w = CaseWriter(545)
        for index in 1...5 {
            w.record("s\(index)", .assessment_started, "2025-03-01", ["by": "municipality"])
            if index <= 3 { w.record("s\(index)", .plan_signed, "2025-04-01") }
        }
        let counts = CasePeriodCounts(w.all, period: CasePeriod("2025")!)
        let published = counts.published(municipality: Codes.narpes)
        #expect(published[.assessmentsStarted] == .exact(5))
        #expect(published[.plansMade] == .below(5))
        #expect(published[.referrals] == .exact(0))
        #expect(published.payload["plansMade"]?.stringValue == "<5")
        #expect(published.payload["assessmentsStarted"]?.stringValue == "5")
        #expect(published.payload["referrals"]?.stringValue == "0")
        // No exact value from 1 to 4 is anywhere in the payload.
        for key in CaseCountKey.allCases {
            let text = published.payload[key.rawValue]?.stringValue ?? ""
            #expect(!["1", "2", "3", "4"].contains(text), "\(key) travelled as \(text)")
        }
        // Configuration decides the threshold, but never below the region's floor of 5.
        #expect(counts.published(municipality: Codes.narpes, threshold: 10)[.assessmentsStarted] == .below(10))
        #expect(counts.published(municipality: Codes.narpes, threshold: 2)[.plansMade] == .below(5))
    }

    // MARK: the schema

    @Test func theSchemaRefusesAnExactSmallCount() {
        var node = Self.narpesNode()
        let catalog = DomainCatalog.standard
        func verdict(_ payload: JSONValue, stream: String = "casecounts/545/2025") -> ContentVerdict {
            catalog.verdict(for: node.write(DomainEventType.caseCounts, stream, payload).content)
        }
        #expect(verdict(payload(545, "2025", [12, 0, 3, 5, 40])) == .valid)
        var small = payload(545, "2025", [12, 0, 0, 5, 40])
        small = merge(small, "plansMade", "3")
        let refused = verdict(small)
        #expect(refused.reason?.contains("payload.plansMade") == true, "\(refused)")
        for text in ["1", "4", "03", "-1", "<3", "<", "3.0", "tre"] {
            #expect(!verdict(merge(small, "plansMade", .string(text))).isValid, "\(text) was accepted")
        }
        #expect(!verdict(merge(small, "plansMade", 3)).isValid, "a number instead of text was accepted")
        // With a threshold of 10 named in the payload, an exact 7 would still single out a small group.
        let ten = payload(545, "2025", [12, 0, 3, 15, 40], threshold: 10)
        #expect(verdict(ten) == .valid)
        #expect(!verdict(merge(ten, "plansActive", "7")).isValid)
        #expect(!verdict(merge(ten, "referrals", "<5")).isValid, "two thresholds in one payload")
        // The stream, the period and the writer follow the payload.
        #expect(!verdict(payload(545, "2025", [0, 0, 0, 0, 0]), stream: "casecounts/545/2024").isValid)
        #expect(!verdict(merge(payload(545, "2025", [0, 0, 0, 0, 0]), "period", "2025-Q9")).isValid)
        #expect(!verdict(payload(287, "2025", [0, 0, 0, 0, 0]), stream: "casecounts/287/2025").isValid)
        #expect(verdict(payload(545, "2025-Q3", [0, 0, 0, 0, 0]), stream: "casecounts/545/2025-Q3") == .valid)
    }

    @Test func aReportForIntegrationPlansIsRefusedAsDerived() {
        var node = Self.narpesNode()
        let event = node.write(
            DomainEventType.followUpReported, "figure/integration-plans/545/2025",
            figurePayload("integration-plans", 545, 2025, value: 3))
        let verdict = DomainCatalog.standard.verdict(for: event.content)
        #expect(verdict.reason?.contains("derived from cases") == true, "\(verdict)")
    }

    // MARK: the follow-up view

    @Test func aRegionalTotalThatWouldRevealACellIsARange() throws {
        var base = FollowUpView()
        var narpes = Self.narpesNode()
        for event in try programmeEvents(node: &narpes) { base.apply(event) }
        let asOf = CalendarDate("2026-04-15")!
        func matrixRow(_ plans: [Int: Int]) -> FollowUpMatrix.Row? {
            var view = base
            for (code, value) in plans.sorted(by: { $0.key < $1.key }) {
                var node = TestNode("node-\(code)", code, startMillis: 1_770_000_000_000)
                view.apply(
                    node.write(
                        DomainEventType.caseCounts, "casecounts/\(code)/2025",
                        payload(code, "2025", [9, 9, value, 9, 9])))
            }
            return view.matrix(year: 2025, asOf: asOf).row("integration-plans")
        }
        let row = try #require(matrixRow([545: 7, 287: 3, 231: 6]))
        #expect(row.indicator.source == .cases)
        #expect(row.cells.first { $0.municipality == Codes.narpes }?.caseCount == .exact(7))
        #expect(row.cells.first { $0.municipality == Codes.narpes }?.figure?.value == 7)
        let suppressed = try #require(row.cells.first { $0.municipality == Codes.kristinestad })
        #expect(suppressed.caseCount == .below(5) && suppressed.figure?.value == nil && suppressed.status == .reported)
        #expect(row.cells.first { $0.municipality == Codes.malax }?.status == .notReported)
        #expect(row.cells.allSatisfy { !$0.isOverdue })
        #expect(row.total.caseTotal == .range(14...17) && row.total.caseTotal?.description == "14–17")
        #expect(row.total.value == nil && row.total.reportedCount == 3)
        #expect(CanonicalJSON.string(FollowUpMatrix.json(row: row)).contains("\"count\":\"<5\""))
        #expect(matrixRow([545: 7, 231: 6])?.total.caseTotal == .exact(13))
        #expect(matrixRow([545: 7, 231: 6])?.total.value == 13)
        // Whatever the cells, a total with a suppressed cell is never exact.
        for a in [0, 1, 4, 5, 9] {
            for b in [0, 2, 5, 12] {
                let total = try #require(matrixRow([545: a, 287: b, 475: 6])).total
                let anySuppressed = [a, b].contains { (1...4).contains($0) }
                if anySuppressed {
                    #expect(total.value == nil, "\(a), \(b)")
                    guard case .range = total.caseTotal else {
                        Issue.record("an exact total \(String(describing: total.caseTotal)) for \(a), \(b)")
                        continue
                    }
                } else {
                    #expect(total.caseTotal == .exact(a + b + 6) && total.value == Double(a + b + 6))
                }
            }
        }
    }

    @Test func periodsIncompleteOnTheDayAreNotPublished() throws {
        let files = Self.fixture().all
        let view = FollowUpView()
        func published(_ asOf: String, _ kind: CasePeriod.Kind, _ years: ClosedRange<Int>? = nil) throws -> [String] {
            try CaseCountsPublisher.newEvents(
                files: files, municipality: Codes.narpes, published: view, asOf: CalendarDate(asOf)!, years: years,
                kind: kind, author: Author("nrp-server")!
            ).map(\.stream.rawValue)
        }
        #expect(try published("2025-03-31", .quarter, 2025...2025).isEmpty)
        #expect(try published("2025-04-01", .quarter, 2025...2025) == ["casecounts/545/2025-Q1"])
        #expect(try published("2025-12-31", .year, 2025...2025).isEmpty)
        #expect(try published("2026-01-01", .year, 2025...2025) == ["casecounts/545/2025"])
        // By default from the first year a case names: 2024 is complete, 2025 not yet.
        #expect(try published("2025-06-15", .year) == ["casecounts/545/2024"])
    }

    @Test func aRepublishedChangedPeriodListsItsParentAndTheViewKeepsTheLatest() throws {
        var writer = Self.fixture()
        var node = Self.narpesNode()
        var view = FollowUpView()
        for event in try programmeEvents(node: &node) { view.apply(event) }
        let author = Author("nrp-server")!
        let asOf = CalendarDate("2026-02-01")!
        func publish() throws -> [Event] {
            let new = try CaseCountsPublisher.newEvents(
                files: writer.all, municipality: Codes.narpes, published: view, asOf: asOf, years: 2025...2025,
                author: author)
            let events = new.map { node.write($0) }
            for event in events { view.apply(event) }
            #expect(view.skippedCount == 0)
            return events
        }
        let first = try publish()
        #expect(first.count == 1 && first[0].parents.isEmpty)
        #expect(view.caseCounts(Codes.narpes, CasePeriod("2025")!)?[.plansMade] == .below(5))
        #expect(try publish().isEmpty, "unchanged counts are not published again")
        // Late records from 2025 arrive: five more plans were signed that year.
        for index in 1...5 { writer.record("late\(index)", .plan_signed, "2025-11-0\(index)") }
        let second = try publish()
        #expect(second.count == 1 && second[0].parents == [first[0].hash])
        let register = try #require(view.caseCountsRegister(Codes.narpes, CasePeriod("2025")!))
        #expect(!register.isConflict && register.versions.count == 1)
        #expect(view.caseCounts(Codes.narpes, CasePeriod("2025")!)?[.plansMade] == .exact(6))
        #expect(view.matrix(year: 2025, asOf: asOf).cell("integration-plans", Codes.narpes)?.caseCount == .exact(6))
        #expect(view.publishedCaseCounts(year: 2025).count == 1)
    }

    @Test func twoDifferingVersionsAreReplacedTogether() throws {
        var view = FollowUpView()
        var laptop = TestNode("nrp-laptop", 545, startMillis: 1_760_000_000_000)
        var server = Self.narpesNode()
        let a = laptop.write(DomainEventType.caseCounts, "casecounts/545/2024", payload(545, "2024", [1, 2, 3, 4, 5]))
        let b = server.write(DomainEventType.caseCounts, "casecounts/545/2024", payload(545, "2024", [9, 9, 9, 9, 9]))
        view.apply(a)
        view.apply(b)
        #expect(view.caseCountsRegister(Codes.narpes, CasePeriod("2024")!)?.isConflict == true)
        let new = try CaseCountsPublisher.newEvents(
            files: Self.fixture().all, municipality: Codes.narpes, published: view, asOf: CalendarDate("2025-01-01")!,
            years: 2024...2024, author: Author("nrp-server")!)
        #expect(new.count == 1 && Set(new[0].parents) == [a.hash, b.hash])
    }

    @Test func theCanonicalViewIsTheSameInEveryOrder() throws {
        var node = Self.narpesNode()
        var kristinestad = TestNode("krs-server", 287, startMillis: 1_760_000_000_000)
        var events = try programmeEvents(node: &node)
        let first = node.write(
            DomainEventType.caseCounts, "casecounts/545/2025", payload(545, "2025", [3, 8, 0, 6, 2]))
        events.append(first)
        events.append(
            node.write(
                DomainEventType.caseCounts, "casecounts/545/2025", payload(545, "2025", [3, 8, 7, 6, 2]),
                parents: [first.hash]))
        events.append(
            node.write(DomainEventType.caseCounts, "casecounts/545/2025-Q1", payload(545, "2025-Q1", [1, 0, 0, 6, 0])))
        events.append(
            kristinestad.write(
                DomainEventType.caseCounts, "casecounts/287/2025", payload(287, "2025", [4, 4, 4, 4, 4])))
        func fold(_ order: [Event]) -> FollowUpView {
            var view = FollowUpView()
            for event in order { view.apply(event) }
            return view
        }
        let forward = fold(events)
        let backward = fold(events.reversed())
        var random = SplitMix64(seed: 9)
        var shuffled = events
        shuffled.shuffle(using: &random)
        let mixed = fold(shuffled)
        #expect(forward.skippedCount == 0)
        #expect(CanonicalJSON.encode(forward.canonicalJSON) == CanonicalJSON.encode(backward.canonicalJSON))
        #expect(forward.digest == backward.digest && forward.digest == mixed.digest)
        #expect(forward.canonicalJSON["caseCounts"]?["545/2025"]?["versions"]?.arrayValue?.count == 1)
        #expect(forward.caseCounts(Codes.narpes, CasePeriod("2025")!)?[.plansMade] == .exact(7))
        #expect(
            forward.matrix(year: 2025, asOf: CalendarDate("2026-01-10")!).row("integration-plans")?.total.caseTotal
                == .range(8...11))
    }
}
