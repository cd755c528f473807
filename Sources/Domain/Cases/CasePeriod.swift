import EventModel

/// CasePeriod is a calendar period that figures from cases are counted over: a quarter (`2025-Q1`) or a year (`2025`).
///
/// Its text form is stable: it names the period in stream ids (`casecounts/<municipality>/<period>`), in payloads
/// and in view keys, and it sorts a year before its quarters when compared as values.
public struct CasePeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whether a period is a quarter or a whole year.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Three months: January–March, April–June, July–September or October–December.
        case quarter
        /// A calendar year.
        case year
    }

    /// The years a period may fall in: those the schemas accept as a `year`.
    public static let years = 2000...2100

    /// The year.
    public let year: Int
    /// The quarter, 1…4, or nil for the whole year.
    public let quarter: Int?

    /// The whole year, or nil when the year is outside `CasePeriod.years`.
    public init?(year: Int) {
        guard Self.years.contains(year) else { return nil }
        self.year = year
        quarter = nil
    }

    /// One quarter of a year, or nil when the year or the quarter is out of range.
    public init?(year: Int, quarter: Int) {
        guard Self.years.contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// Parses `2025` or `2025-Q1`, or returns nil; no other spelling is accepted, so every node names a period alike.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 4 || bytes.count == 7 else { return nil }
        var year = 0
        for byte in bytes[0..<4] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            year = year * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard bytes.count == 7 else {
            self.init(year: year)
            return
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "Q"),
            (UInt8(ascii: "1")...UInt8(ascii: "4")).contains(bytes[6])
        else { return nil }
        self.init(year: year, quarter: Int(bytes[6] - UInt8(ascii: "0")))
    }

    /// Whether the period is a quarter or a year.
    public var kind: Kind { quarter == nil ? .year : .quarter }

    /// The first day of the period.
    public var start: CalendarDate {
        CalendarDate(year: year, month: quarter.map { ($0 - 1) * 3 + 1 } ?? 1, day: 1)!
    }

    /// The last day of the period.
    public var end: CalendarDate {
        let month = quarter.map { $0 * 3 } ?? 12
        return CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
    }

    /// Whether `date` falls within the period, first and last day included.
    public func contains(_ date: CalendarDate) -> Bool { start <= date && date <= end }

    /// Whether the period had ended before `asOf`: only such a period's figures are final enough to publish.
    public func isComplete(asOf: CalendarDate) -> Bool { end < asOf }

    /// The four quarters of the period's year.
    public var quarters: [CasePeriod] { (1...4).compactMap { CasePeriod(year: year, quarter: $0) } }

    /// The periods of `kinds` in `years` that had ended before `asOf`, in order (a year after its last quarter).
    public static func completed(
        in years: ClosedRange<Int>, asOf: CalendarDate, kinds: Set<Kind> = Set(Kind.allCases)
    ) -> [CasePeriod] {
        let (low, high) = (max(years.lowerBound, Self.years.lowerBound), min(years.upperBound, Self.years.upperBound))
        guard low <= high else { return [] }
        var periods: [CasePeriod] = []
        for year in low...high {
            guard let whole = CasePeriod(year: year) else { continue }
            if kinds.contains(.quarter) { periods += whole.quarters.filter { $0.isComplete(asOf: asOf) } }
            if kinds.contains(.year), whole.isComplete(asOf: asOf) { periods.append(whole) }
        }
        return periods
    }

    /// `2025` or `2025-Q1`.
    public var description: String { quarter.map { "\(year)-Q\($0)" } ?? String(year) }

    /// Orders by year, then the whole year before its quarters, then by quarter.
    public static func < (lhs: CasePeriod, rhs: CasePeriod) -> Bool {
        (lhs.year, lhs.quarter ?? 0) < (rhs.year, rhs.quarter ?? 0)
    }
}
