/// SuppressedCount is a count as it may leave a municipality: exact when 0 or at least the
/// threshold, otherwise only "below the threshold", so no small group of people can be singled out.
public enum SuppressedCount: Sendable, Hashable, CustomStringConvertible {
    /// The exact count.
    case exact(Int)
    /// Somewhere from 1 to threshold − 1.
    case below(Int)

    /// The default threshold: counts from 1 to 4 travel as "<5".
    public static let defaultThreshold = 5

    /// Suppresses `count` at the source.
    public init(_ count: Int, threshold: Int = SuppressedCount.defaultThreshold) {
        self = count == 0 || count >= threshold ? .exact(count) : .below(threshold)
    }

    /// `12`, or `<5`.
    public var description: String {
        switch self {
        case .exact(let count): String(count)
        case .below(let threshold): "<\(threshold)"
        }
    }

    /// The smallest and largest value it may stand for.
    public var range: ClosedRange<Int> {
        switch self {
        case .exact(let count): count...count
        case .below(let threshold): 1...(threshold - 1)
        }
    }

    /// A total of cells: exact only when every cell is; otherwise the range it may lie in, so a
    /// total never reveals a suppressed cell by subtraction.
    public static func total(_ cells: [SuppressedCount]) -> SuppressedTotal {
        let low = cells.map(\.range.lowerBound).reduce(0, +)
        let high = cells.map(\.range.upperBound).reduce(0, +)
        return low == high ? .exact(low) : .range(low...high)
    }
}

/// SuppressedTotal is a regional total of suppressed cells: exact, or a range.
public enum SuppressedTotal: Sendable, Hashable, CustomStringConvertible {
    /// Every cell was exact.
    case exact(Int)
    /// At least one cell was suppressed.
    case range(ClosedRange<Int>)

    /// `23`, or `21–29`.
    public var description: String {
        switch self {
        case .exact(let count): String(count)
        case .range(let range): "\(range.lowerBound)–\(range.upperBound)"
        }
    }
}
