import EventModel

/// RegisterPlacement names the register of a view that an event lands in: section, item key and kind.
///
/// Each view decides it in one function (`placement(of:…)`), used both by its fold and by
/// `DomainViews.forEachRegister(ofValid:payload:_:)`, so naming a register without folding can never drift from
/// folding.
struct RegisterPlacement {
    /// The section of the view's canonical JSON.
    let section: String
    /// The item key within the section.
    let key: String
    /// A multi-value register resolved through `parents`; else last-writer-wins.
    let isVersioned: Bool
}

/// PayloadMembers reads the payload members that name a register: from a parsed payload, or from its bytes.
protocol PayloadMembers {
    /// The member's text when it is a string.
    func text(_ key: String) -> String?
    /// The member's value when it is a whole number in range.
    func int(_ key: String) -> Int?
}

extension JSONValue: PayloadMembers {}

extension PayloadBytes: PayloadMembers {
    func text(_ key: String) -> String? { string(key) }
    func int(_ key: String) -> Int? { integer(key).map(Int.init) }
}

extension DomainViews {
    /// Calls `body` for every register a valid `event` lands in, as `forEachRegister` names them after a probe's
    /// fold, reading the payload members that name them from `payload`, the event's payload bytes, without a tree.
    ///
    /// Returns false without calling `body` when that takes the parsed payload: an event whose payload must be
    /// upcast (or cannot be), and published case counts (keyed by a reading of their whole payload); fold those
    /// the usual way. A rebuild of a log whose verdicts it trusts names most events' registers here.
    public func forEachRegister(
        ofValid event: Event, payload: PayloadBytes,
        _ body: (_ view: String, _ section: String, _ item: String, _ isVersioned: Bool) -> Void
    ) -> Bool {
        guard DomainUpcaster.isCurrent(type: event.type, version: event.schemaVersion),
            FollowUpView.placesWithoutTree(event.type)
        else { return false }
        // The order `forEachRegister` lists a probe's registers in: programme, follow-up, meetings.
        if let placement = ProgrammeView.placement(of: event) {
            body("programme", placement.section, placement.key, placement.isVersioned)
        }
        if let placement = FollowUpView.placement(of: event, payload) {
            body("followup", placement.section, placement.key, placement.isVersioned)
        }
        if let placement = MeetingsView.placement(of: event.type, payload) {
            body("meetings", placement.section, placement.key, placement.isVersioned)
        }
        return true
    }
}

extension DomainUpcaster {
    /// Whether a payload of `type` at `version` is already current, so upcasting it returns it unchanged.
    static func isCurrent(type: EventType, version: Int) -> Bool {
        version == (currentVersionTable[type] ?? 1)
    }
}
