import Domain
import EventModel

/// SlotProbe lists the slots events land in (`ViewSlot.slots`), one event after the other in the same probing views.
///
/// The Domain decides where an event goes: the event is folded alone into empty views that only name the registers
/// they would build (`DomainViews(probing:)`), and each register named is a slot. Reusing the views from one event
/// to the next saves making and freeing three views per event, which cost a rebuild 6 % of its instructions.
struct SlotProbe {
    /// The views, to match the Domain's names against: short literals compare at once, where
    /// `ViewName(rawValue:)` ran a general string switch (1 % of a rebuild's calling thread).
    private static let views = ViewName.allCases

    /// The catalog that judges events.
    let catalog: EventCatalog
    private var views: DomainViews
    /// The last event's slots, kept to be refilled: the caller has let go of them by the next event, so the array
    /// is reused in place instead of allocated and freed per event.
    private var found: [ViewSlot] = []

    /// A probe judging with `catalog`.
    init(catalog: EventCatalog) {
        self.catalog = catalog
        views = DomainViews(probing: catalog)
    }

    /// The slots `event` lands in, or nil when the views skip it (the catalog does not judge it valid).
    /// `verdict`, when given, is the catalog's verdict of the event, known without judging it (`VerdictTrust`).
    mutating func slots(of event: Event, verdict: ContentVerdict? = nil) -> [ViewSlot]? {
        views.clearProbe()
        let skipped = views.skippedCount
        views.apply(event, verdict: verdict ?? catalog.verdict(for: event.content))
        guard views.skippedCount == skipped else { return nil }
        // Filled as a local: a closure that changed `found` while `views` was read made Swift copy the views.
        var slots: [ViewSlot] = []
        swap(&slots, &found)
        slots.removeAll(keepingCapacity: true)
        views.forEachRegister { view, section, item, isVersioned in
            slots.append(Self.slot(view, section, item, isVersioned))
        }
        found = slots
        return slots
    }

    /// The slots of `event`, which the log's stored verdict vouches valid for, named from `payload`, its payload's
    /// bytes, without parsing them (`DomainViews.forEachRegister(ofValid:payload:_:)`); nil when that takes the
    /// parsed payload, which `slots(of:verdict:)` then probes.
    mutating func slots(ofValid event: Event, payload: PayloadBytes) -> [ViewSlot]? {
        var slots: [ViewSlot] = []
        swap(&slots, &found)
        slots.removeAll(keepingCapacity: true)
        let named = views.forEachRegister(ofValid: event, payload: payload) { view, section, item, isVersioned in
            slots.append(Self.slot(view, section, item, isVersioned))
        }
        found = slots
        return named ? slots : nil
    }

    private static func slot(_ view: String, _ section: String, _ item: String, _ isVersioned: Bool) -> ViewSlot {
        guard let view = views.first(where: { $0.rawValue == view }) else {
            preconditionFailure("the Domain names no view \(view)")
        }
        return ViewSlot(view: view, section: section, item: item, kind: isVersioned ? .versioned : .latest)
    }
}
