/// NonceCache remembers recent request nonces so a captured request cannot be replayed.
///
/// It is bounded: when full, the oldest entry is dropped and `floor` rises to its timestamp, and any
/// request not newer than `floor` is refused as too old to check. So a nonce seen with a timestamp
/// above `floor` is always still remembered, and memory never grows past `capacity`.
public struct NonceCache: Sendable, Hashable {
    /// The most nonces held.
    public let capacity: Int
    /// Requests with timestamps at or below this are refused as unverifiable.
    public private(set) var floor: Int64 = Int64.min
    private var seen: [String: Int64] = [:]
    private var order: [(key: String, timestamp: Int64)] = []
    private var start = 0

    /// A cache of at most `capacity` nonces.
    public init(capacity: Int = 100_000) { self.capacity = max(1, capacity) }

    /// The verdict on one nonce.
    public enum Verdict: Sendable, Hashable {
        /// New: remembered now.
        case fresh
        /// Seen before: a replay.
        case replayed
        /// Older than what the cache can still tell apart.
        case tooOld
    }

    /// Admits `nonce` of `origin` signed at `timestamp`, forgetting entries older than `expiredBefore`.
    public mutating func admit(origin: String, nonce: String, timestamp: Int64, expiredBefore: Int64) -> Verdict {
        while start < order.count, order[start].timestamp < expiredBefore { dropOldest() }
        guard timestamp > floor else { return .tooOld }
        let key = origin + " " + nonce
        if seen[key] != nil { return .replayed }
        while seen.count >= capacity { dropOldest() }
        guard timestamp > floor else { return .tooOld }
        seen[key] = timestamp
        order.append((key, timestamp))
        return .fresh
    }

    /// The number of nonces held.
    public var count: Int { seen.count }

    private mutating func dropOldest() {
        let entry = order[start]
        start += 1
        seen[entry.key] = nil
        floor = max(floor, entry.timestamp)
        if start > 1024 && start * 2 > order.count {
            order.removeFirst(start)
            start = 0
        }
    }

    /// Two caches are equal when they hold the same nonces under the same floor.
    public static func == (lhs: NonceCache, rhs: NonceCache) -> Bool {
        lhs.capacity == rhs.capacity && lhs.floor == rhs.floor && lhs.seen == rhs.seen
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(capacity)
        hasher.combine(floor)
        hasher.combine(seen)
    }
}
