/// HLC is a hybrid logical clock timestamp: wall-clock milliseconds plus a counter.
///
/// It packs into one `Int64` (`wallMillis << 16 | counter`), which is how it is stored, hashed and
/// compared; 48 bits of milliseconds last until the year 10889.
public struct HLC: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The packed value.
    public let rawValue: Int64

    /// The smallest timestamp, before every event.
    public static let zero = HLC(wallMillis: 0, counter: 0)

    /// Wraps a packed value; negative values are not timestamps.
    public init?(rawValue: Int64) {
        guard rawValue >= 0 else { return nil }
        self.rawValue = rawValue
    }

    /// Makes a timestamp from milliseconds since 1970 and a counter.
    public init(wallMillis: Int64, counter: UInt16) {
        rawValue = wallMillis << 16 | Int64(counter)
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var wallMillis: Int64 { rawValue >> 16 }

    /// The logical counter within one millisecond.
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue & 0xFFFF) }

    /// Orders timestamps by time, then counter.
    public static func < (lhs: HLC, rhs: HLC) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A stable text form: milliseconds, a dot, and the counter, e.g. `1764382412123.5`.
    public var description: String { "\(wallMillis).\(counter)" }
}
