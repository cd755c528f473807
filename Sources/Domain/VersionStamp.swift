import EventModel

/// VersionStamp orders versions of an item by `(hlc, origin, hash)`: the deterministic tie-break every node shares.
public struct VersionStamp: Sendable, Hashable, Comparable {
    /// The writer's clock.
    public let hlc: HLC
    /// The writer.
    public let origin: Origin
    /// The event.
    public let hash: EventHash

    /// The stamp of an event.
    public init(_ event: Event) {
        hlc = event.hlc
        origin = event.origin
        hash = event.hash
    }

    /// Orders by clock, then origin, then hash.
    public static func < (lhs: VersionStamp, rhs: VersionStamp) -> Bool {
        if lhs.hlc != rhs.hlc { return lhs.hlc < rhs.hlc }
        if lhs.origin != rhs.origin { return lhs.origin < rhs.origin }
        return lhs.hash < rhs.hash
    }

    /// `{"hash":…, "hlc":…, "origin":…}`.
    var json: JSONValue {
        ["hash": .string(hash.hex), "hlc": .number(JSONNumber(hlc.rawValue)), "origin": .string(origin.description)]
    }
}

/// LatestRegister holds the value of the event with the highest stamp: a last-writer-wins register.
///
/// Merging keeps the maximum, which is commutative, associative and idempotent, so any arrival order
/// gives the same state. Used where a newer statement simply replaces an older one (attendance, status).
public struct LatestRegister: Sendable, Hashable {
    /// The stamp of the winning event.
    public private(set) var stamp: VersionStamp
    /// The winning value.
    public private(set) var value: JSONValue

    /// A register holding one value.
    public init(stamp: VersionStamp, value: JSONValue) {
        self.stamp = stamp
        self.value = value
    }

    /// Keeps `value` when its stamp is higher than the held one.
    public mutating func merge(stamp other: VersionStamp, value newValue: JSONValue) {
        guard stamp < other else { return }
        stamp = other
        value = newValue
    }

    /// The canonical form: the value and the stamp that won.
    public var json: JSONValue { ["value": value, "version": stamp.json] }
}
