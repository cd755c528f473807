import EventModel

/// FollowUpView is the regional follow-up: indicators, targets, reported figures, the derived counts and the
/// counts municipalities publish from their cases (suppressed at the source).
///
/// Its state holds what the events say; the matrix of status per municipality and year is computed
/// when read, against an explicit as-of date, so the digest never depends on today's date.
public struct FollowUpView: DomainView {
    /// A municipality's figure for an indicator and year, as folded.
    public struct Figure: Sendable, Hashable {
        /// The number reported, when the kind counts.
        public let value: Double?
        /// The participants, when the indicator counts them.
        public let participants: Int?
        /// Yes or no, for duties, yes/no indicators and surveys.
        public let done: Bool?
        /// A reference to an external tool's report.
        public let reference: String?
        /// A note.
        public let note: String?
        /// Whether concurrent reports stand side by side (the current one is shown).
        public let isConflict: Bool

        init(_ register: VersionedRegister) {
            let payload = register.current?.value ?? [:]
            value = payload.double("value")
            participants = payload.int("participants")
            done = payload.bool("done")
            reference = payload.text("reference")
            note = payload.text("note")
            isConflict = register.isConflict
        }

        /// A figure derived from published case counts: its value only when the count is exact.
        init(caseCount: SuppressedCount, isConflict: Bool) {
            if case .exact(let count) = caseCount { value = Double(count) } else { value = nil }
            (participants, done, reference, note) = (nil, nil, nil, nil)
            self.isConflict = isConflict
        }
    }

    /// The catalog that judges events.
    public let catalog: EventCatalog
    /// How many events were offered.
    public private(set) var foldCount = 0
    /// How many were skipped.
    public private(set) var skippedCount = 0
    var table = ItemTable()

    /// An empty view judging events with `catalog`.
    public init(catalog: EventCatalog = DomainCatalog.standard) { self.catalog = catalog }

    static let sections: [EventType: String] = [
        DomainEventType.programmeAdopted: "programmes", DomainEventType.programmeRevised: "programmes",
        DomainEventType.indicatorDefined: "indicators", DomainEventType.programmeTarget: "programmeTargets",
        DomainEventType.municipalityTarget: "municipalityTargets", DomainEventType.followUpReported: "figures",
        DomainEventType.followUpCorrected: "figures", DomainEventType.gatheringHeld: "gatherings",
    ]
    /// `sections`, for the lookup of every event folded.
    private static let sectionTable = TypeTable(sections)

    /// Folds one event.
    public mutating func apply(_ event: Event) { fold(event, payload: DomainFold.payload(of: event, catalog: catalog)) }

    /// Folds an event already judged: `payload` is its upcast payload, or nil when it is to be skipped.
    mutating func fold(_ event: Event, payload: JSONValue?) {
        foldCount += 1
        guard let payload else {
            skippedCount += 1
            return
        }
        if event.type == DomainEventType.caseCounts, let counts = PublishedCaseCounts(payload: payload) {
            // Keyed by municipality and period, so a republished period replaces the version it lists in `parents`.
            table.addVersion(Self.caseCountsSection, counts.viewKey, event: event, value: payload)
        } else if let placement = Self.placement(of: event, payload) {
            if placement.isVersioned {
                table.addVersion(placement.section, placement.key, event: event, value: payload)
            } else {
                // Held or cancelled: the later statement wins, like in MeetingsView.
                let status: JSONValue =
                    event.type == DomainEventType.meetingHeld
                    ? ["status": "held", "date": payload["date"] ?? .null] : ["status": "cancelled"]
                table.offerLatest(placement.section, placement.key, event: event, value: status)
            }
        }
    }

    /// Whether `placement(of:_:)` names every register of `type`: published case counts are keyed by a reading
    /// of their whole payload, which only the fold does.
    static func placesWithoutTree(_ type: EventType) -> Bool { type != DomainEventType.caseCounts }

    /// The register a valid `event` lands in, case counts aside (`placesWithoutTree`).
    static func placement(of event: Event, _ payload: some PayloadMembers) -> RegisterPlacement? {
        if let section = sectionTable[event.type] {
            return RegisterPlacement(section: section, key: event.stream.rawValue, isVersioned: true)
        }
        guard event.type == DomainEventType.meetingHeld || event.type == DomainEventType.meetingCancelled else {
            return nil
        }
        return RegisterPlacement(section: "meetingStatus", key: payload.text("meeting") ?? "", isVersioned: false)
    }

    /// The canonical state.
    public var canonicalJSON: JSONValue { table.json }

    /// The figure of `municipality` for `indicator` in `year`, when reported.
    public func figure(_ indicator: String, _ municipality: MunicipalityCode, year: Int) -> Figure? {
        guard let stream = DomainStream.figure(indicator, municipality, year: year),
            let register = table.registers("figures")[stream.rawValue]
        else { return nil }
        return Figure(register)
    }

    /// The register of a figure, to show its versions or list them in a correction's `parents`.
    public func figureRegister(_ indicator: String, _ municipality: MunicipalityCode, year: Int) -> VersionedRegister? {
        DomainStream.figure(indicator, municipality, year: year).flatMap { table.registers("figures")[$0.rawValue] }
    }

    /// The target for an indicator: the municipality's own for the year, else the programme's for the year, else
    /// the programme's for every year.
    public func target(
        _ indicator: String, programme: String, municipality: MunicipalityCode?, year: Int
    ) -> IndicatorTarget? {
        let candidates: [(String, StreamID?)] = [
            (
                "municipalityTargets",
                municipality.flatMap { DomainStream.municipalityTarget(programme, indicator, $0, year: year) }
            ),
            ("programmeTargets", DomainStream.programmeTarget(programme, indicator, year: year)),
            ("programmeTargets", DomainStream.programmeTarget(programme, indicator, year: nil)),
        ]
        for (section, stream) in candidates {
            if let stream, let value = table.registers(section)[stream.rawValue]?.current?.value,
                let target = IndicatorTarget(payload: value)
            {
                return target
            }
        }
        return nil
    }

    /// The number of joint meetings held in `year` (on or before `asOf` when given): derived, never typed.
    public func meetingsHeld(year: Int, asOf: CalendarDate? = nil) -> Int {
        table.latestRegisters("meetingStatus").values.filter { register in
            guard register.value.text("status") == "held", let date = register.value.date("date") else { return false }
            return date.year == year && asOf.map { date <= $0 } ?? true
        }.count
    }

    /// The number of gatherings with other actors held in `year` (on or before `asOf` when given).
    public func gatheringsHeld(year: Int, asOf: CalendarDate? = nil) -> Int {
        table.currentValues("gatherings").values.filter { value in
            guard let date = value.date("date") else { return false }
            return date.year == year && asOf.map { date <= $0 } ?? true
        }.count
    }

    /// The programmes whose period covers `year`, as (id, members), by id.
    func programmes(covering year: Int) -> [(id: String, members: [MunicipalityCode])] {
        table.currentValues("programmes").values.compactMap { value -> (String, [MunicipalityCode])? in
            guard let id = value.text("programme"), let from = value["period"]?.int("from"),
                let to = value["period"]?.int("to"), (from...to).contains(year)
            else { return nil }
            return (
                id,
                (value["members"]?.arrayValue ?? []).compactMap { $0.int64Value.flatMap { MunicipalityCode(Int($0)) } }
            )
        }.sorted { $0.0 < $1.0 }
    }

    /// The indicators followed up in `year`: those of the programmes covering it, or all when none does.
    public func indicators(forYear year: Int) -> [IndicatorDefinition] {
        let covering = Set(programmes(covering: year).map(\.id))
        let all = table.currentValues("indicators").values.compactMap(IndicatorDefinition.init(payload:))
            .filter { covering.isEmpty || covering.contains($0.programme) }
            .sorted { ($0.id, $0.programme) < ($1.id, $1.programme) }
        var seen: Set<String> = []
        return all.filter { seen.insert($0.id).inserted }
    }
}
