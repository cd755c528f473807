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

    /// Hashes the item key alone: it tells slots apart nearly always (equality still compares every part), and
    /// hashing the section and view as well cost a rebuild a String hash per event and slot for nothing.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(item)
    }

    /// The slots `event` lands in, or nil when the views skip it (the catalog does not judge it valid).
    ///
    /// The Domain module decides where an event goes: the event is folded alone into empty views (a probe's,
    /// which name the registers they would build), and the one register each view then holds names the slot
    /// (`{section: {item: register}}`, see docs/VIEWS.md). So the store never restates the Domain's mapping and
    /// cannot drift from it. Folds of many events use one `SlotProbe` instead.
    public static func slots(of event: Event, catalog: EventCatalog) -> [ViewSlot]? {
        var probe = SlotProbe(catalog: catalog)
        return probe.slots(of: event)
    }
}
