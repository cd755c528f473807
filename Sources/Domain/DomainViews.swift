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

    /// Folds one event into every view; never throws.
    public mutating func apply(_ event: Event) {
        let payload = DomainFold.payload(of: event, catalog: catalog)
        programme.fold(event, payload: payload)
        followUp.fold(event, payload: payload)
        meetings.fold(event, payload: payload)
    }

    /// Folds events in order.
    public mutating func apply(_ events: some Sequence<Event>) {
        for event in events { apply(event) }
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
