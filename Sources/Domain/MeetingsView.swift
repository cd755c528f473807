import EventModel

/// MeetingsView is the regional record of joint meetings and of the yearly gatherings with other actors.
public struct MeetingsView: DomainView {
    /// Where a meeting stands.
    public enum Status: Sendable, Hashable {
        /// Scheduled, not yet reported held or cancelled.
        case scheduled
        /// Held on the day.
        case held(CalendarDate)
        /// Cancelled.
        case cancelled
    }

    /// An action item and whether it is done.
    public struct ActionItem: Sendable, Hashable {
        /// The meeting that set it.
        public let meeting: String
        /// The item id within the meeting.
        public let id: String
        /// What is to be done.
        public let text: String
        /// The municipality that owns it.
        public let owner: MunicipalityCode
        /// When it is due.
        public let due: CalendarDate
        /// When it was done, if it was.
        public let doneOn: CalendarDate?
        /// Whether concurrent edits stand side by side.
        public let isConflict: Bool

        /// Whether it is past due and not done on `asOf`; read time only, never part of the digest.
        public func isOverdue(asOf: CalendarDate) -> Bool { doneOn == nil && due < asOf }
    }

    /// One meeting as folded.
    public struct Meeting: Sendable, Hashable {
        /// The meeting id.
        public let id: String
        /// The scheduled day, host and place (nil until the schedule event arrives).
        public let date: CalendarDate?, host: MunicipalityCode?, place: String?
        /// Held, cancelled or still scheduled.
        public let status: Status
        /// Presence by municipality.
        public let attendance: [MunicipalityCode: Bool]
        /// Agenda titles in order.
        public let agenda: [String]
        /// The minutes' current text.
        public let minutes: String?
        /// Whether concurrent versions of the minutes stand side by side.
        public let isMinutesConflict: Bool
        /// Decisions by item id, in id order.
        public let decisions: [String]
        /// Action items in id order.
        public let actionItems: [ActionItem]
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

    /// Folds one event.
    public mutating func apply(_ event: Event) { fold(event, payload: DomainFold.payload(of: event, catalog: catalog)) }

    /// Folds an event already judged: `payload` is its upcast payload, or nil when it is to be skipped.
    mutating func fold(_ event: Event, payload: JSONValue?) {
        foldCount += 1
        guard let payload else {
            skippedCount += 1
            return
        }
        guard let placement = Self.placement(of: event.type, payload) else { return }
        if placement.isVersioned {
            table.addVersion(placement.section, placement.key, event: event, value: payload)
        } else if event.type == DomainEventType.meetingHeld || event.type == DomainEventType.meetingCancelled {
            table.offerLatest(
                placement.section, placement.key, event: event,
                value: payload.setting("type", .string(event.type.rawValue)))
        } else {
            table.offerLatest(placement.section, placement.key, event: event, value: payload)
        }
    }

    /// The register a valid event of `type` with `payload` lands in.
    static func placement(of type: EventType, _ payload: some PayloadMembers) -> RegisterPlacement? {
        // Read only for the types keyed by meeting or item: every event of the region passes here, figures too.
        func meeting() -> String { payload.text("meeting") ?? "" }
        func item() -> String { "\(meeting())/\(payload.text("item") ?? "")" }
        func versioned(_ section: String, _ key: String) -> RegisterPlacement {
            RegisterPlacement(section: section, key: key, isVersioned: true)
        }
        func latest(_ section: String, _ key: String) -> RegisterPlacement {
            RegisterPlacement(section: section, key: key, isVersioned: false)
        }
        switch type {
        case DomainEventType.meetingScheduled: return versioned("schedule", meeting())
        case DomainEventType.meetingAgendaItem: return versioned("agenda", item())
        case DomainEventType.meetingMinutes: return versioned("minutes", meeting())
        case DomainEventType.meetingDecision: return versioned("decisions", item())
        case DomainEventType.meetingActionItem: return versioned("actions", item())
        case DomainEventType.meetingActionDone: return latest("done", item())
        case DomainEventType.meetingHeld, DomainEventType.meetingCancelled: return latest("status", meeting())
        case DomainEventType.meetingAttendance:
            let code = payload.int("municipality").map(String.init) ?? ""
            return latest("attendance", "\(meeting())/\(code)")
        case DomainEventType.gatheringHeld: return versioned("gatherings", payload.text("gathering") ?? "")
        default: return nil
        }
    }

    /// The canonical state.
    public var canonicalJSON: JSONValue { table.json }

    /// The register of a meeting's minutes, to show both versions of a conflict or to resolve it.
    public func minutesRegister(_ meeting: String) -> VersionedRegister? { table.registers("minutes")[meeting] }

    /// Every meeting known by any event, ordered by date (unscheduled last), then id.
    public var meetings: [Meeting] {
        var ids = Set(table.registers("schedule").keys).union(table.registers("minutes").keys)
            .union(table.latestRegisters("status").keys)
        for section in ["agenda", "decisions", "actions"] {
            ids.formUnion(table.registers(section).keys.compactMap { $0.split(separator: "/").first.map(String.init) })
        }
        return ids.map(meeting).sorted {
            ($0.date?.description ?? "9999", $0.id) < ($1.date?.description ?? "9999", $1.id)
        }
    }

    /// Every action item, by meeting and id.
    public var actionItems: [ActionItem] { meetings.flatMap(\.actionItems) }

    /// The gatherings with other actors, as (id, date, title), by date then id.
    public var gatherings: [(id: String, date: CalendarDate, title: String)] {
        table.currentValues("gatherings").compactMap { key, value in
            value.date("date").map { (key, $0, value.text("title") ?? "") }
        }.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
    }

    func meeting(_ id: String) -> Meeting {
        let schedule = table.registers("schedule")[id]?.current?.value
        let status: Status =
            switch table.latestRegisters("status")[id]?.value {
            case let value? where value.text("type") == DomainEventType.meetingHeld.rawValue:
                value.date("date").map(Status.held) ?? .scheduled
            case .some: .cancelled
            case nil: .scheduled
            }
        var attendance: [MunicipalityCode: Bool] = [:]
        for (key, register) in table.latestRegisters("attendance") where key.hasPrefix("\(id)/") {
            if let code = register.value.municipality("municipality") {
                attendance[code] = register.value.bool("present")
            }
        }
        func items(_ section: String) -> [(String, JSONValue, Bool)] {
            table.registers(section).filter { $0.key.hasPrefix("\(id)/") }.sorted { $0.key < $1.key }
                .compactMap { key, register in register.current.map { (key, $0.value, register.isConflict) } }
        }
        let agenda = items("agenda").sorted { ($0.1.int("order") ?? 0, $0.0) < ($1.1.int("order") ?? 0, $1.0) }
        let done = table.latestRegisters("done")
        let actions = items("actions").compactMap { key, value, conflict -> ActionItem? in
            guard let owner = value.municipality("owner"), let due = value.date("due") else { return nil }
            return ActionItem(
                meeting: id, id: value.text("item") ?? "", text: value.text("text") ?? "", owner: owner, due: due,
                doneOn: done[key]?.value.date("date"), isConflict: conflict)
        }
        let minutes = table.registers("minutes")[id]
        return Meeting(
            id: id, date: schedule?.date("date"), host: schedule?.municipality("host"), place: schedule?.text("place"),
            status: status, attendance: attendance, agenda: agenda.compactMap { $0.1.text("title") },
            minutes: minutes?.current?.value.text("text"), isMinutesConflict: minutes?.isConflict ?? false,
            decisions: items("decisions").compactMap { $0.1.text("text") }, actionItems: actions)
    }
}
