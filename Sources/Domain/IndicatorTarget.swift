import EventModel

/// FollowUpStatus is how a figure stands against its target, per municipality and year.
public enum FollowUpStatus: String, Sendable, Hashable, CaseIterable {
    /// Within the target (or the duty done, the answer yes).
    case met
    /// Under the target's minimum (or the duty not done, the answer no).
    case below
    /// Over the target's maximum.
    case above
    /// A figure is there but there is no target to judge it by.
    case reported
    /// No figure for the year.
    case notReported
}

/// IndicatorTarget is a closed range a yearly figure should fall in; either end may be open.
public struct IndicatorTarget: Sendable, Hashable {
    /// The least value that meets the target.
    public var minimum: Double?
    /// The greatest value that meets the target.
    public var maximum: Double?

    /// Makes a target.
    public init(minimum: Double?, maximum: Double?) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Reads `min` and `max` from a target payload, or nil when neither is there.
    public init?(payload: JSONValue) {
        let minimum = payload.double("min")
        let maximum = payload.double("max")
        guard minimum != nil || maximum != nil else { return nil }
        self.init(minimum: minimum, maximum: maximum)
    }

    /// Judges a value against the range.
    public func status(of value: Double) -> FollowUpStatus {
        if let minimum, value < minimum { return .below }
        if let maximum, value > maximum { return .above }
        return .met
    }

    /// `{"max":…, "min":…}` with absent ends left out.
    public var json: JSONValue {
        JSONValue.object([:]).setting("min", minimum.map(JSONValue.number)).setting(
            "max", maximum.map(JSONValue.number))
    }
}
