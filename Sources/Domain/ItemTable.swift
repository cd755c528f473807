import EventModel

/// ItemTable is the state of a view: registers grouped in named sections and keyed by item.
///
/// Every operation is a register merge, so the table is the same whatever order events arrive in, and
/// its canonical JSON (sections and keys sorted by `CanonicalJSON`) is the same on every node.
struct ItemTable: Sendable, Hashable {
    /// A register named by section and item key.
    struct RegisterName: Sendable, Hashable {
        let section: String
        let key: String
        let isVersioned: Bool
    }

    /// Multi-value registers resolved through `parents`, by section and item key.
    private(set) var versioned: [String: [String: VersionedRegister]] = [:]
    /// Last-writer-wins registers, by section and item key.
    private(set) var latest: [String: [String: LatestRegister]] = [:]
    /// Set in a probe's table (`DomainViews(probing:)`): the registers an event would add to, named and not built.
    ///
    /// Folding one event into empty tables creates exactly the registers its `addVersion` and `offerLatest` calls
    /// name, so naming them is all a probe needs; building them (dictionaries, stamps, values) was most of its cost.
    private(set) var named: [RegisterName]?

    /// An empty table; a probe's when `isProbe`.
    init(isProbe: Bool = false) {
        named = isProbe ? [] : nil
    }

    /// Forgets the registers a probe named, to probe the next event.
    mutating func clearNames() {
        named?.removeAll(keepingCapacity: true)
    }

    /// Records a register a probe's event adds to, once.
    private mutating func name(_ section: String, _ key: String, isVersioned: Bool) {
        let register = RegisterName(section: section, key: key, isVersioned: isVersioned)
        if named?.contains(register) == false { named?.append(register) }
    }

    /// Adds a version of the item `key` in `section`.
    mutating func addVersion(_ section: String, _ key: String, event: Event, value: JSONValue) {
        guard named == nil else { return name(section, key, isVersioned: true) }
        versioned[section, default: [:]][key, default: VersionedRegister()]
            .apply(stamp: VersionStamp(event), parents: event.parents, value: value)
    }

    /// Offers a value to the last-writer-wins register of `key` in `section`.
    mutating func offerLatest(_ section: String, _ key: String, event: Event, value: JSONValue) {
        guard named == nil else { return name(section, key, isVersioned: false) }
        let stamp = VersionStamp(event)
        if latest[section]?[key] == nil {
            latest[section, default: [:]][key] = LatestRegister(stamp: stamp, value: value)
        } else {
            latest[section]?[key]?.merge(stamp: stamp, value: value)
        }
    }

    /// The registers of a section.
    func registers(_ section: String) -> [String: VersionedRegister] { versioned[section] ?? [:] }

    /// The last-writer-wins registers of a section.
    func latestRegisters(_ section: String) -> [String: LatestRegister] { latest[section] ?? [:] }

    /// The current values of a section's registers, by key.
    func currentValues(_ section: String) -> [String: JSONValue] {
        registers(section).compactMapValues { $0.current?.value }
    }

    /// Calls `body` with the section and key of every register, and whether it is versioned (else last-writer-wins).
    func forEachRegisterKey(_ body: (_ section: String, _ key: String, _ isVersioned: Bool) -> Void) {
        if let named {
            for register in named { body(register.section, register.key, register.isVersioned) }
            return
        }
        for (section, items) in versioned { for key in items.keys { body(section, key, true) } }
        for (section, items) in latest { for key in items.keys { body(section, key, false) } }
    }

    /// Every section as one JSON object: `{section: {key: register}}`.
    var json: JSONValue {
        var sections: [String: JSONValue] = [:]
        for (section, items) in versioned { sections[section] = .object(items.mapValues(\.json)) }
        for (section, items) in latest { sections[section] = .object(items.mapValues(\.json)) }
        return .object(sections)
    }
}

/// DomainView is a projection of domain events: a deterministic fold with a canonical form and a digest.
public protocol DomainView: Sendable {
    /// How many events were offered to `apply`.
    var foldCount: Int { get }
    /// How many of them were skipped because the catalog did not judge them valid.
    var skippedCount: Int { get }
    /// Folds one event; never throws: an event the catalog does not accept is counted and skipped.
    mutating func apply(_ event: Event)
    /// The canonical state; folds and skips are not in it, because they count deliveries, not content.
    var canonicalJSON: JSONValue { get }
}

extension DomainView {
    /// The SHA-256 of the canonical JSON bytes: equal on every node that folded the same events.
    public var digest: EventHash { EventHash.sha256(CanonicalJSON.encode(canonicalJSON)) }
}

/// DomainFold decides what a view may fold: the upcast payload of a valid event, or nothing.
enum DomainFold {
    /// The current-version payload of `event` when `catalog` judges it valid, else nil.
    static func payload(of event: Event, catalog: EventCatalog) -> JSONValue? {
        payload(of: event, verdict: catalog.verdict(for: event.content))
    }

    /// The current-version payload of `event` when `verdict` is valid, else nil.
    static func payload(of event: Event, verdict: ContentVerdict) -> JSONValue? {
        guard verdict.isValid else { return nil }
        return DomainCatalog.currentPayload(of: event)
    }
}
