/// ViewName names one of the regional views a `ProjectionStore` keeps.
public enum ViewName: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The programme: areas, measures, indicators, targets, approvals, review dates.
    case programme
    /// The follow-up: figures, targets and derived counts, read as a matrix per year.
    case followup
    /// The joint meetings and the yearly gatherings.
    case meetings

    /// The name as written in commands and URLs.
    public var description: String { rawValue }
}
