import EventModel

/// DomainViews folds every event into the three regional views, judging and upcasting each event once.
public struct DomainViews: Sendable {
    /// The programme view.
    public private(set) var programme: ProgrammeView
    /// The follow-up view.
    public private(set) var followUp: FollowUpView
    /// The meetings view.
    public private(set) var meetings: MeetingsView
    /// The catalog that judges events.
    public let catalog: EventCatalog

    /// Empty views judging events with `catalog`.
    public init(catalog: EventCatalog = DomainCatalog.standard) {
        self.catalog = catalog
        programme = ProgrammeView(catalog: catalog)
        followUp = FollowUpView(catalog: catalog)
        meetings = MeetingsView(catalog: catalog)
    }

    /// Views that only name the registers events land in (`forEachRegisterKey`), judging with `catalog`: for
    /// listing where one event goes without building its registers. Their canonical state stays empty.
    public init(probing catalog: EventCatalog) {
        self.init(catalog: catalog)
        programme.table = ItemTable(isProbe: true)
        followUp.table = ItemTable(isProbe: true)
        meetings.table = ItemTable(isProbe: true)
    }

    /// Forgets the registers a probe named, so the next event can be probed in the same views: making fresh views
    /// for every event cost a rebuild 6 % of its instructions.
    public mutating func clearProbe() {
        programme.table.clearNames()
        followUp.table.clearNames()
        meetings.table.clearNames()
    }

    /// Folds one event into every view; never throws.
    public mutating func apply(_ event: Event) {
        apply(event, verdict: catalog.verdict(for: event.content))
    }

    /// Folds one event already judged: `verdict` must be the one `catalog` gives, e.g. a verdict the log stored
    /// under the same rules (the projections take those instead of judging each event again).
    public mutating func apply(_ event: Event, verdict: ContentVerdict) {
        let payload = DomainFold.payload(of: event, verdict: verdict)
        programme.fold(event, payload: payload)
        followUp.fold(event, payload: payload)
        meetings.fold(event, payload: payload)
    }

    /// Folds events in order.
    public mutating func apply(_ events: some Sequence<Event>) {
        for event in events { apply(event) }
    }

    /// Calls `body` for every register the views hold: the view's name (as in `digests`), the section and item
    /// key of its canonical JSON, and whether the register is versioned (else last-writer-wins). Folding one
    /// event into empty views and listing their registers names where that event lands, without building JSON.
    public func forEachRegister(
        _ body: (_ view: String, _ section: String, _ item: String, _ isVersioned: Bool) -> Void
    ) {
        programme.table.forEachRegisterKey { body("programme", $0, $1, $2) }
        followUp.table.forEachRegisterKey { body("followup", $0, $1, $2) }
        meetings.table.forEachRegisterKey { body("meetings", $0, $1, $2) }
    }

    /// The digest of each view by name: `programme`, `followup`, `meetings`.
    public var digests: [String: EventHash] {
        ["programme": programme.digest, "followup": followUp.digest, "meetings": meetings.digest]
    }

    /// How many events were folded (each counted once).
    public var foldCount: Int { programme.foldCount }

    /// How many events were skipped as not valid here.
    public var skippedCount: Int { programme.skippedCount }
}
