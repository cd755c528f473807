/// WallClock reads the physical time; tests inject their own.
public protocol WallClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    func nowMillis() -> Int64
}

/// HybridClock is the pure state machine of a node's hybrid logical clock.
///
/// It never goes backwards, even when the wall clock does, and it moves past every timestamp it
/// observes from other nodes, so an event is always later than every event its author had seen.
public struct HybridClock: Sendable, Equatable {
    /// The latest timestamp issued or observed.
    public private(set) var last: HLC

    /// Starts from the last persisted timestamp.
    public init(last: HLC = .zero) { self.last = last }

    /// Issues the timestamp of a new local event at physical time `physicalMillis`.
    public mutating func tick(physicalMillis: Int64) -> HLC {
        let next: HLC
        if physicalMillis > last.wallMillis {
            next = HLC(wallMillis: physicalMillis, counter: 0)
        } else if last.counter < UInt16.max {
            next = HLC(wallMillis: last.wallMillis, counter: last.counter + 1)
        } else {
            next = HLC(wallMillis: last.wallMillis + 1, counter: 0)
        }
        last = next
        return next
    }

    /// Moves the clock past a timestamp seen on an ingested event.
    public mutating func observe(_ remote: HLC) {
        if remote > last { last = remote }
    }

    /// How many milliseconds `remote` lies ahead of `physicalMillis`, or nil when it lies no more than
    /// `maximumDrift` ahead.
    public static func excessDrift(of remote: HLC, physicalMillis: Int64, maximumDrift: Int64) -> Int64? {
        let ahead = remote.wallMillis - physicalMillis
        return ahead > maximumDrift ? ahead : nil
    }
}
