import EventModel

/// CaseCountKey names one count derived from cases; its raw value is the payload member of `cases.counts`.
public enum CaseCountKey: String, Sendable, Hashable, CaseIterable {
    /// Cases whose initial assessment was started in the period.
    case assessmentsStarted
    /// Cases whose initial assessment was completed in the period.
    case assessmentsCompleted
    /// Cases whose integration plan was signed in the period.
    case plansMade
    /// Cases with a signed plan still running on the period's last day.
    case plansActive
    /// Cases referred onwards (language training, civic orientation, other) in the period.
    case referrals
}

/// CasePeriodCounts are one municipality's exact counts from its cases for one period.
///
/// Every count is a number of **cases** (one per person), never of events: a case referred twice in a
/// quarter counts once. Counting events would let an exact "6" stand for two persons, which is what the
/// suppression threshold exists to prevent. The exact values never leave the node: only
/// `published(municipality:threshold:)` — each count suppressed — is written to the region.
///
/// Decisions, so every node counts alike:
/// - A plan is **made** when it is signed: a draft may never become an agreed plan, and counting drafts
///   until they are signed would move a plan from one published period to another when it is.
/// - A plan is **active** on the period's last day when its latest signing on or before that day is not
///   followed, by then, by `plan_ended` or `closed` (a plan's `until` date is not inferred as an end).
///   A step recorded on the day of the signing belongs to the plan before it (one plan ends, the next starts).
/// - **Erased cases still count.** Erasure destroys the person's key, and with it everything about the
///   person; the dates that say work was done are no personal data. Dropping them would also lower figures
///   already published, and the difference between two published versions would then reveal that a
///   person of that period was erased.
public struct CasePeriodCounts: Sendable, Hashable {
    /// The period counted.
    public let period: CasePeriod
    /// Cases whose assessment was started in the period.
    public private(set) var assessmentsStarted = 0
    /// Cases whose assessment was completed in the period.
    public private(set) var assessmentsCompleted = 0
    /// Cases whose plan was signed in the period.
    public private(set) var plansMade = 0
    /// Cases with a plan running on the period's last day.
    public private(set) var plansActive = 0
    /// Cases referred onwards in the period.
    public private(set) var referrals = 0

    /// Counts the cases of one municipality over `period`.
    public init(_ files: some Sequence<CaseFile>, period: CasePeriod) {
        self.period = period
        let (start, end) = (period.start, period.end)
        for file in files {
            func happened(_ step: CaseStep) -> Bool { file.recorded(step, from: start, through: end) }
            if happened(.assessment_started) { assessmentsStarted += 1 }
            if happened(.assessment_completed) { assessmentsCompleted += 1 }
            if happened(.plan_signed) { plansMade += 1 }
            if happened(.referral) { referrals += 1 }
            if Self.hasPlanInForce(file, on: end) { plansActive += 1 }
        }
    }

    /// Whether the case's latest plan signed on or before `day` had not ended, nor the case closed, by `day`.
    static func hasPlanInForce(_ file: CaseFile, on day: CalendarDate) -> Bool {
        guard let signed = file.latest(.plan_signed, onOrBefore: day) else { return false }
        // An end recorded on the day of the signing closes the plan before it, not this one.
        let after = signed.adding(days: 1)
        return ![CaseStep.plan_ended, .closed].contains { file.recorded($0, from: after, through: day) }
    }

    /// One count by its key.
    public subscript(key: CaseCountKey) -> Int {
        switch key {
        case .assessmentsStarted: assessmentsStarted
        case .assessmentsCompleted: assessmentsCompleted
        case .plansMade: plansMade
        case .plansActive: plansActive
        case .referrals: referrals
        }
    }

    /// The counts as they may leave the municipality: each suppressed with `threshold`, raised to the region's floor.
    ///
    /// The schema of `cases.counts` refuses exact counts below `PublishedCaseCounts.minimumThreshold`, so a
    /// lower configured threshold could never be published; it is raised here rather than failing later.
    public func published(municipality: MunicipalityCode, threshold: Int = SuppressedCount.defaultThreshold)
        -> PublishedCaseCounts
    {
        let applied = min(max(threshold, PublishedCaseCounts.minimumThreshold), PublishedCaseCounts.maximumThreshold)
        var counts: [CaseCountKey: SuppressedCount] = [:]
        for key in CaseCountKey.allCases { counts[key] = SuppressedCount(self[key], threshold: applied) }
        return PublishedCaseCounts(municipality: municipality, period: period, counts: counts)
    }
}

/// PublishedCaseCounts is a municipality's counts for one period as they travel in `cases.counts`: suppressed.
public struct PublishedCaseCounts: Sendable, Hashable {
    /// The lowest threshold the region accepts: exact counts from 1 to 4 never leave a municipality.
    public static let minimumThreshold = SuppressedCount.defaultThreshold
    /// The highest threshold a payload may name.
    public static let maximumThreshold = 1000

    /// The municipality whose cases were counted.
    public let municipality: MunicipalityCode
    /// The period counted.
    public let period: CasePeriod
    /// Each count, suppressed; a missing key reads as 0.
    public let counts: [CaseCountKey: SuppressedCount]

    /// Collects published counts.
    public init(municipality: MunicipalityCode, period: CasePeriod, counts: [CaseCountKey: SuppressedCount]) {
        self.municipality = municipality
        self.period = period
        self.counts = counts
    }

    /// Reads a `cases.counts` payload, or nil when it is not one.
    public init?(payload: JSONValue) {
        guard let municipality = payload.municipality("municipality"),
            let period = payload.text("period").flatMap({ CasePeriod($0) })
        else { return nil }
        var counts: [CaseCountKey: SuppressedCount] = [:]
        for key in CaseCountKey.allCases {
            guard let count = payload.text(key.rawValue).flatMap(SuppressedCount.init(published:)) else { return nil }
            counts[key] = count
        }
        self.init(municipality: municipality, period: period, counts: counts)
    }

    /// One count by its key.
    public subscript(key: CaseCountKey) -> SuppressedCount { counts[key] ?? .exact(0) }

    /// The `cases.counts` payload: the municipality, the period, and each count as text (`"12"`, `"0"`, `"<5"`).
    public var payload: JSONValue {
        var members: [String: JSONValue] = [
            "municipality": .number(JSONNumber(municipality.rawValue)), "period": .string(period.description),
        ]
        for key in CaseCountKey.allCases { members[key.rawValue] = .string(self[key].description) }
        return .object(members)
    }

    /// The key of the counts in the follow-up view's `caseCounts` section: `<municipality>/<period>`.
    public var viewKey: String { "\(municipality)/\(period)" }
}

extension SuppressedCount {
    /// Reads a published count, `"12"`, `"0"` or `"<5"`, or returns nil; whether it respects a threshold is the
    /// schema's question, not this one's.
    public init?(published text: String) {
        let bytes = Array(text.utf8)
        let isBelow = bytes.first == UInt8(ascii: "<")
        let digits = isBelow ? Array(bytes.dropFirst()) : bytes
        // Digits only, no sign, no leading zero except "0" itself: one spelling per value on every node.
        guard (1...9).contains(digits.count),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            digits.count == 1 || digits[0] != UInt8(ascii: "0")
        else { return nil }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if isBelow {
            guard value >= 2 else { return nil }
            self = .below(value)
        } else {
            self = .exact(value)
        }
    }
}

/// CaseCountsPublisher decides what a municipal node publishes of its cases to the region: the suppressed
/// counts of every completed period that the region does not hold yet, or holds with other values.
public enum CaseCountsPublisher {
    /// The `cases.counts` events that bring the region up to date with `municipality`'s cases as of `asOf`.
    ///
    /// Only periods of `kind` that had ended before `asOf` are counted; an open quarter's figures would change
    /// daily. One kind only, on purpose: with both, a year's exact count minus its exact quarters would give
    /// away a suppressed quarter. `years` defaults to the first year any case or programme names through the
    /// year of `asOf`. A period already published lists every version the view holds in `parents`, so the new
    /// one replaces them (and ends a conflict); a period whose published versions all equal the new counts is
    /// left alone, so running this again appends nothing. Every node of a municipality must use the same
    /// `threshold`, or each would keep replacing the other's counts.
    public static func newEvents(
        files: [CaseFile], municipality: MunicipalityCode, published: FollowUpView, asOf: CalendarDate,
        years: ClosedRange<Int>? = nil, kind: CasePeriod.Kind = .year,
        threshold: Int = SuppressedCount.defaultThreshold, author: Author
    ) throws(EnvelopeError) -> [NewEvent] {
        let span = years ?? defaultYears(files, published: published, asOf: asOf)
        var events: [NewEvent] = []
        for period in CasePeriod.completed(in: span, asOf: asOf, kinds: [kind]) {
            let counts = CasePeriodCounts(files, period: period).published(
                municipality: municipality, threshold: threshold)
            let register = published.caseCountsRegister(municipality, period)
            let versions = register?.versions.map { PublishedCaseCounts(payload: $0.value) } ?? []
            guard versions.isEmpty || versions.contains(where: { $0 != counts }),
                let stream = DomainStream.caseCounts(municipality, period)
            else { continue }
            events.append(
                try NewEvent(
                    channel: .region, stream: stream, type: DomainEventType.caseCounts, author: author,
                    parents: register?.headHashes ?? [], payload: counts.payload))
        }
        return events
    }

    /// From the first year a case records a step or a programme starts, through the year of `asOf`.
    static func defaultYears(_ files: [CaseFile], published: FollowUpView, asOf: CalendarDate) -> ClosedRange<Int> {
        let caseYears = files.flatMap { $0.steps.values.compactMap { $0.first?.year } }
        let first = (caseYears + published.programmeStartYears).min() ?? asOf.year
        return min(first, asOf.year)...asOf.year
    }
}
