import Domain
import EventLog
import EventModel
import Foundation
import Node
import Projections

/// DemoCases are the demo's fictional clients: a handful of cases per municipality, opened in 2024 and 2025 (so
/// both legal regimes appear) and taken, each as far as the seed says, through assessment, plan, referral, review
/// and closing. They are written on the municipality's own node through its `CaseDesk`, as `samverkan case` does,
/// so the personal fields are sealed under each person's key and the events stay in the municipality's channel.
struct DemoCases {
    /// One step of a case as a caseworker types it: the step and its options.
    struct Step {
        let step: CaseStep
        let values: [String: String]
    }

    /// Cases per municipality, roughly by size: Närpes has the most, Kaskö the fewest.
    static let perMunicipality: [Int: Int] = [545: 12, 287: 9, 475: 8, 280: 5, 231: 4]
    /// Made-up names: common first names with surnames no one has, so no one mistakes them for real persons.
    static let firstNames = [
        "Amina", "Yusuf", "Olena", "Dmytro", "Fatima", "Ahmad", "Mariam", "Hassan", "Sofiia", "Tesfaye", "Leila",
        "Ivan", "Nour", "Samir", "Halyna", "Abdi",
    ]
    static let surnames = [
        "Exempelsson", "Påhittad", "Fiktiva", "Testberg", "Demodotter", "Provkvist", "Låtsasson", "Exempelinen",
    ]
    static let languages = [
        "arabiska", "ukrainska", "dari", "somaliska", "tigrinja", "ryska", "kurdiska", "engelska", "swahili",
    ]
    static let outcomes = [
        "Behöver svenska från grundnivå; arbetserfarenhet inom vården.",
        "Läser redan svenska; vill validera sin examen.",
        "Behöver stöd med bostad och barnomsorg innan studier.",
        "Yrkeserfarenhet inom byggbranschen; söker arbete i regionen.",
    ]
    static let reasons = ["Planen genomförd.", "Flyttade till en annan kommun.", "Fick fast arbete."]
    /// The last day a demo case step may fall on: the cases tell of 2024 and 2025.
    static let lastDay = CalendarDate(year: 2025, month: 12, day: 31)!

    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed ^ 0xCA5E_5EED) }

    private mutating func number(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    private mutating func pick<T>(_ list: [T]) -> T { list[number(0...(list.count - 1))] }

    /// The cases of municipality `code`, each as its steps in order; `caseworker` handles them all.
    mutating func cases(_ code: Int, caseworker: String, today: CalendarDate) -> [[Step]] {
        let count = Self.perMunicipality[code] ?? 4
        // Every stage appears in a municipality with enough cases, in an order the seed decides; cases of 2024 and
        // 2025 alternate, so both regimes have cases at every stage that fits before the end of 2025.
        var stages = (0..<count).map { $0 % 7 }
        stages.shuffle(using: &random)
        // A case opened in 2024 has the time to be closed by the end of 2025: it takes the last stage.
        if let last = stages.firstIndex(of: 6), !last.isMultiple(of: 2) { stages.swapAt(last, 0) }
        return (0..<count).map { index in
            oneCase(
                year: index.isMultiple(of: 2) ? 2024 : 2025, stage: stages[index], caseworker: caseworker, today: today)
        }
    }

    /// One case opened in `year`, taken `stage` steps on (0 only opened … 6 closed), never past 2025 or today.
    private mutating func oneCase(year: Int, stage: Int, caseworker: String, today: CalendarDate) -> [Step] {
        let start = CalendarDate(year: year, month: 1, day: 8)!
        let latestStart = CalendarDate(year: year, month: year == 2025 ? 9 : 6, day: 30)!
        var day = start.adding(days: number(0...(latestStart.dayNumber - start.dayNumber)))
        let end = min(Self.lastDay, today)
        let grounds = pick(CaseGrounds.allCases)
        let interpreter = number(0...2) == 0
        var opening = [
            "on": day.description, "grounds": grounds.rawValue, "caseworker": caseworker,
            "name": "\(pick(Self.firstNames)) \(pick(Self.surnames))",
            "birth-date": CalendarDate(year: number(1962...2004), month: number(1...12), day: number(1...28))!
                .description,
            "first-permit-date": day.adding(days: -number(20...240)).description,
            "languages": Set([pick(Self.languages), pick(Self.languages)]).sorted().joined(separator: ", "),
            "interpreter-needed": interpreter ? "yes" : "no",
        ]
        if number(0...2) == 0 { opening["note"] = "Fiktiv demoklient; inga verkliga uppgifter." }
        var steps = [Step(step: .opened, values: opening)]
        // Appends `step` some days after the previous one, unless that falls after the end; values may use its day.
        func next(
            _ step: CaseStep, after days: ClosedRange<Int>, _ values: (CalendarDate) -> [String: String] = { _ in [:] }
        ) -> Bool {
            let on = day.adding(days: number(days))
            guard on <= end else { return false }
            day = on
            steps.append(Step(step: step, values: values(on).merging(["on": on.description]) { a, _ in a }))
            return true
        }
        let by = grounds == .unemployed_jobseeker ? CaseActor.employment_authority : .municipality
        if interpreter { _ = next(.interpreter_arranged, after: 3...14) }
        guard stage >= 1, next(.assessment_started, after: 10...50, { _ in ["by": by.rawValue] }) else { return steps }
        let planNeeded = number(0...5) != 0
        let outcome = pick(Self.outcomes)
        guard stage >= 2,
            next(
                .assessment_completed, after: 20...60,
                { _ in ["by": by.rawValue, "plan-needed": planNeeded ? "yes" : "no", "outcome": outcome] })
        else { return steps }
        if planNeeded {
            guard stage >= 3, next(.plan_signed, after: 3...20, { ["until": $0.adding(months: 12).description] })
            else { return steps }
            let referral = pick(CaseReferral.allCases).rawValue
            guard stage >= 4, next(.referral, after: 7...45, { _ in ["to": referral] }) else { return steps }
            guard stage >= 5, next(.plan_reviewed, after: 90...150) else { return steps }
        }
        guard stage >= 6 else { return steps }
        let reason = pick(Self.reasons)
        _ = next(.closed, after: 20...90, { _ in ["reason": reason] })
        return steps
    }

    /// Writes `cases` on the node in `directory` through its case desk, each step by `author`; returns the events.
    static func write(_ cases: [[Step]], directory: String, author: Author) throws -> Int {
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        let desk = try CaseDesk(directory: directory, log: log)
        defer { desk.keys.close() }
        var written = 0
        do {
            for steps in cases {
                guard let opening = steps.first else { continue }
                let opened = try desk.open(try draft(opening, log: log), author: author, log: log)
                for step in steps.dropFirst() {
                    _ = try desk.record(try draft(step, log: log), stream: opened.stream, author: author, log: log)
                }
                written += steps.count
            }
        } catch let error as RecordFieldError {
            throw CLIError(code: .refusedInput, message: "demo case: --\(error.field) \(error.reason)")
        }
        return written
    }

    private static func draft(_ step: Step, log: EventLog) throws -> CaseDraft {
        try CaseDraft.build(
            step.step, values: step.values, today: ViewText.today(), ownMunicipality: log.identity.municipality)
    }

    /// Publishes the municipality's suppressed case counts of every completed year from the node in `directory`,
    /// with its follow-up view caught up first, as `samverkan case publish` does; returns how many years.
    static func publishCounts(directory: String, author: Author) throws -> Int {
        let settings = try NodeConfiguration.load(directory: directory).settings.cases
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        let desk = try CaseDesk(directory: directory, log: log)
        defer { desk.keys.close() }
        let views = try ProjectionStore(log: log, catalog: DomainCatalog.standard)
        try views.catchUp(log: log)
        return try desk.publishCounts(
            asOf: ViewText.today(), settings: settings, published: try views.followUp(), author: author, log: log
        ).count
    }
}
