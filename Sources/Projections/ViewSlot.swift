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
        probe.forEachRegister { view, section, item, isVersioned in
            guard let view = ViewName(rawValue: view) else { preconditionFailure("the Domain names no view \(view)") }
            slots.append(ViewSlot(view: view, section: section, item: item, kind: isVersioned ? .versioned : .latest))
        }
        return slots
    }
}
