import EventModel

/// CaseStep is one step of an integration case; each has its event type `case.<step>`.
public enum CaseStep: String, Sendable, Hashable, CaseIterable {
    case opened
    case assessment_started
    case assessment_completed
    case plan_drafted
    case plan_signed
    case plan_reviewed
    case plan_extended
    case plan_ended
    case referral
    case interpreter_arranged
    case closed

    /// The event type that records the step.
    public var eventType: EventType { EventType("case.\(rawValue)")! }

    /// The step an event type records, or nil.
    public init?(eventType: EventType) {
        guard eventType.rawValue.hasPrefix("case.") else { return nil }
        self.init(rawValue: String(eventType.rawValue.dropFirst("case.".count)))
    }

    /// The event type of an erasure: the person's key is destroyed on every node of the municipality.
    public static let erasedType = EventType("case.erased")!
}
