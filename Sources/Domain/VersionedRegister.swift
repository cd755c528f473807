import EventModel

/// VersionedRegister is a multi-value register resolved through `parents`: the versions of one item.
///
/// A version stays a head until an event lists it in `parents`. Two heads mean two writers edited the
/// item without seeing each other: a conflict, shown with both versions and a deterministic current
/// value (the head with the highest stamp). An edit that lists both resolves it. The state is a set of
/// heads plus the set of superseded hashes, both grown by union, so it merges in any order.
public struct VersionedRegister: Sendable, Hashable {
    /// One version of the item.
    public struct Version: Sendable, Hashable {
        /// The event's stamp.
        public let stamp: VersionStamp
        /// The item's content in this version (the upcast payload).
        public let value: JSONValue
    }

    /// The versions no event has superseded yet, by event hash.
    public private(set) var heads: [EventHash: Version] = [:]
    /// Every hash some version listed as a parent.
    private var superseded: Set<EventHash> = []

    /// An empty register.
    public init() {}

    /// Adds a version written by an event that had seen `parents`.
    public mutating func apply(stamp: VersionStamp, parents: [EventHash], value: JSONValue) {
        for parent in parents {
            superseded.insert(parent)
            heads.removeValue(forKey: parent)
        }
        // A version that arrives after its successor is already superseded: it never becomes a head.
        guard !superseded.contains(stamp.hash) else { return }
        heads[stamp.hash] = Version(stamp: stamp, value: value)
    }

    /// The version shown: the head with the highest `(hlc, origin, hash)`.
    public var current: Version? { heads.values.max { $0.stamp < $1.stamp } }

    /// Whether two or more versions stand side by side.
    public var isConflict: Bool { heads.count > 1 }

    /// The heads, current first, then by descending stamp.
    public var versions: [Version] { heads.values.sorted { $1.stamp < $0.stamp } }

    /// The hashes an edit must list in `parents` to replace every head, sorted.
    public var headHashes: [EventHash] { heads.keys.sorted() }

    /// The canonical form: current value, conflict flag, and every head with its stamp.
    public var json: JSONValue {
        [
            "conflict": .bool(isConflict), "current": current?.value ?? .null,
            "versions": .array(versions.map { ["value": $0.value, "version": $0.stamp.json] }),
        ]
    }
}
