import Domain
import EventModel

/// ViewSlot is one register of one view that an event lands in: its section and item key.
///
/// A `ProjectionStore` keeps one row per live version of each slot, so folding a late event touches
/// only the rows of its own slots, never the whole view.
public struct ViewSlot: Sendable, Hashable {
    /// How a register merges versions.
    public enum Kind: Sendable, Hashable {
        /// A multi-value register resolved through `parents`: every head is kept.
        case versioned
        /// A last-writer-wins register: only the version with the highest `(hlc, origin, hash)` is kept.
        case latest
    }

    /// The view.
    public let view: ViewName
    /// The section of the view's canonical JSON, e.g. `figures`.
    public let section: String
    /// The item key within the section, e.g. `figure/befrienders/287/2024`.
    public let item: String
    /// How the register merges.
    public let kind: Kind

    /// The slots `event` lands in, or nil when the views skip it (the catalog does not judge it valid).
    ///
    /// The Domain module decides where an event goes: the event is folded alone into empty views, and
    /// the one register each view then holds names the slot (`{section: {item: register}}`, see
    /// docs/VIEWS.md). So the store never restates the Domain's mapping and cannot drift from it.
    public static func slots(of event: Event, catalog: EventCatalog) -> [ViewSlot]? {
        var probe = DomainViews(catalog: catalog)
        probe.apply(event)
        guard probe.skippedCount == 0 else { return nil }
        var slots: [ViewSlot] = []
        for view in ViewName.allCases {
            forEachRegister(of: view, in: probe.canonicalJSON(view)) { slot, _ in slots.append(slot) }
        }
        return slots
    }

    /// Calls `body` for every register of a view's canonical JSON `{section: {item: register}}`, sections and
    /// items sorted, with the register's live versions (each `{"value": …, "version": stamp}`).
    ///
    /// A versioned register carries `versions`, a last-writer-wins register one `version`: that is how the
    /// kind is told, here and nowhere else.
    static func forEachRegister(
        of view: ViewName, in json: JSONValue, _ body: (ViewSlot, [JSONValue]) throws -> Void
    ) rethrows {
        guard let sections = json.objectValue else { return }
        // Sorted so rows go into the tables in key order (for ASCII keys, `<` is byte order, like SQLite's).
        for section in sections.keys.sorted() {
            guard let items = sections[section]?.objectValue else { continue }
            for item in items.keys.sorted() {
                guard let register = items[item] else { continue }
                if let versions = register["versions"] {
                    try body(
                        ViewSlot(view: view, section: section, item: item, kind: .versioned), versions.arrayValue ?? [])
                } else {
                    try body(ViewSlot(view: view, section: section, item: item, kind: .latest), [register])
                }
            }
        }
    }
}

extension DomainViews {
    /// The canonical JSON of the view named `name`.
    func canonicalJSON(_ name: ViewName) -> JSONValue {
        switch name {
        case .programme: programme.canonicalJSON
        case .followup: followUp.canonicalJSON
        case .meetings: meetings.canonicalJSON
        }
    }
}
