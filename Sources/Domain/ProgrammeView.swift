import EventModel

/// ProgrammeView is the regional view of programmes: areas, measures, indicators, targets, approvals, review dates.
public struct ProgrammeView: DomainView {
    /// A programme's header.
    public struct Header: Sendable, Hashable {
        /// The identifier, e.g. `2023-2025`.
        public let programme: String
        /// The title.
        public let title: String
        /// The first year.
        public let fromYear: Int
        /// The last year.
        public let toYear: Int
        /// The member municipalities.
        public let members: [MunicipalityCode]
        /// The most years between reviews.
        public let reviewIntervalYears: Int
        /// Whether concurrent adoptions or revisions stand side by side.
        public let isConflict: Bool
    }

    /// One row of the programme as folded.
    public struct Measure: Sendable, Hashable {
        /// The area id.
        public let area: String
        /// The measure id.
        public let id: String
        /// The position within the area.
        public let order: Int
        /// Mål, Åtgärd, Ansvarsinstans, Samarbetspartner, Uppföljning as written; an absent cell is "".
        public let goal: String, action: String, responsible: String, partners: String, followUp: String
        /// The indicators that follow the measure up.
        public let indicators: [String]
        /// Whether concurrent edits stand side by side.
        public let isConflict: Bool
    }

    /// A council's approval of the programme.
    public struct Approval: Sendable, Hashable {
        /// The municipality.
        public let municipality: MunicipalityCode
        /// The day of the decision.
        public let date: CalendarDate
        /// The deciding body, e.g. "Kommunfullmäktige".
        public let body: String
        /// The decision reference, e.g. "§ 45/2023".
        public let decision: String
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
        DomainEventType.programmeArea: "areas", DomainEventType.programmeMeasure: "measures",
        DomainEventType.indicatorDefined: "indicators", DomainEventType.programmeTarget: "programmeTargets",
        DomainEventType.municipalityTarget: "municipalityTargets", DomainEventType.approvalRecorded: "approvals",
        DomainEventType.programmeReviewDue: "reviews",
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
        guard let placement = Self.placement(of: event) else { return }
        table.addVersion(placement.section, placement.key, event: event, value: payload)
    }

    /// The register a valid `event` lands in: every programme item is keyed by its stream.
    static func placement(of event: Event) -> RegisterPlacement? {
        sectionTable[event.type].map { RegisterPlacement(section: $0, key: event.stream.rawValue, isVersioned: true) }
    }

    /// The canonical state.
    public var canonicalJSON: JSONValue { table.json }

    /// The register of one item, by stream, to show its versions or to list them in `parents`.
    public func item(_ stream: StreamID) -> VersionedRegister? {
        for section in Set(Self.sections.values) {
            if let register = table.registers(section)[stream.rawValue] { return register }
        }
        return nil
    }

    /// Every programme, ordered by id.
    public var programmes: [Header] {
        table.registers("programmes").sorted { $0.key < $1.key }.compactMap { _, register in
            guard let value = register.current?.value, let id = value.text("programme"),
                let title = value.text("title"),
                let from = value["period"]?.int("from"), let to = value["period"]?.int("to")
            else { return nil }
            let members = (value["members"]?.arrayValue ?? []).compactMap {
                $0.int64Value.flatMap { MunicipalityCode(Int($0)) }
            }
            return Header(
                programme: id, title: title, fromYear: from, toYear: to, members: members,
                reviewIntervalYears: value.int("reviewIntervalYears") ?? 4, isConflict: register.isConflict)
        }
    }

    /// The areas of a programme in order, with their titles.
    public func areas(of programme: String) -> [(id: String, title: String)] {
        table.currentValues("areas").values.filter { $0.text("programme") == programme }
            .sorted { ($0.int("order") ?? 0, $0.text("area") ?? "") < ($1.int("order") ?? 0, $1.text("area") ?? "") }
            .map { ($0.text("area") ?? "", $0.text("title") ?? "") }
    }

    /// The measures of a programme in the programme's order (area order, then row order).
    public func measures(of programme: String) -> [Measure] {
        let areaOrder = Dictionary(
            areas(of: programme).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        return table.registers("measures").values.compactMap { register -> Measure? in
            guard let value = register.current?.value, value.text("programme") == programme else { return nil }
            return Measure(
                area: value.text("area") ?? "", id: value.text("measure") ?? "", order: value.int("order") ?? 0,
                goal: value.text("goal") ?? "", action: value.text("action") ?? "",
                responsible: value.text("responsible") ?? "", partners: value.text("partners") ?? "",
                followUp: value.text("followUp") ?? "",
                indicators: (value["indicators"]?.arrayValue ?? []).compactMap(\.stringValue),
                isConflict: register.isConflict)
        }.sorted {
            (areaOrder[$0.area] ?? Int.max, $0.area, $0.order, $0.id) < (
                areaOrder[$1.area] ?? Int.max, $1.area, $1.order, $1.id
            )
        }
    }

    /// The indicators a programme defines, by id.
    public func indicators(of programme: String) -> [IndicatorDefinition] {
        table.currentValues("indicators").values.compactMap(IndicatorDefinition.init(payload:))
            .filter { $0.programme == programme }.sorted { $0.id < $1.id }
    }

    /// The councils' approvals of a programme, by municipality code.
    public func approvals(of programme: String) -> [Approval] {
        table.currentValues("approvals").values.filter { $0.text("programme") == programme }.compactMap { value in
            guard let code = value.municipality("municipality"), let date = value.date("date"),
                let body = value.text("body"), let decision = value.text("decision")
            else { return nil }
            return Approval(municipality: code, date: date, body: body, decision: decision)
        }.sorted { $0.municipality < $1.municipality }
    }

    /// The date by which the programme must next be reviewed, when recorded.
    public func reviewDue(of programme: String) -> CalendarDate? {
        DomainStream.review(programme).flatMap { table.registers("reviews")[$0.rawValue]?.current?.value.date("date") }
    }

    /// Whether the review is overdue on `asOf`; read time only, never part of the digest.
    public func isReviewOverdue(of programme: String, asOf: CalendarDate) -> Bool {
        reviewDue(of: programme).map { $0 < asOf } ?? false
    }
}
