import EventModel

/// DomainEventType names every event type of the integration programme, its follow-up and its meetings.
public enum DomainEventType {
    /// A programme was adopted: id, title, period, members, review interval.
    public static let programmeAdopted = make("programme.adopted")
    /// A programme's header was revised; lists the versions it revises in `parents`.
    public static let programmeRevised = make("programme.revised")
    /// An area (a heading of the programme's tables).
    public static let programmeArea = make("programme.area")
    /// A measure: one row of the programme, its five columns verbatim.
    public static let programmeMeasure = make("programme.measure")
    /// The date by which the programme must next be reviewed.
    public static let programmeReviewDue = make("programme.review_due")
    /// An indicator definition: kind, unit, reported or derived.
    public static let indicatorDefined = make("indicator.defined")
    /// The programme's own target for an indicator (e.g. 2–4 joint meetings a year).
    public static let programmeTarget = make("target.programme")
    /// A municipality's target for an indicator and year.
    public static let municipalityTarget = make("target.municipality")
    /// A municipality council's approval of the programme.
    public static let approvalRecorded = make("approval.recorded")
    /// A figure reported by a municipality for an indicator and year.
    public static let followUpReported = make("followup.reported")
    /// A corrected figure; names the corrected version in `parents`.
    public static let followUpCorrected = make("followup.corrected")
    /// A joint meeting was scheduled (or rescheduled, listing the earlier version in `parents`).
    public static let meetingScheduled = make("meeting.scheduled")
    /// Whether a municipality attended a meeting.
    public static let meetingAttendance = make("meeting.attendance")
    /// An item of a meeting's agenda.
    public static let meetingAgendaItem = make("meeting.agenda_item")
    /// The minutes of a meeting.
    public static let meetingMinutes = make("meeting.minutes")
    /// A decision taken at a meeting.
    public static let meetingDecision = make("meeting.decision")
    /// An action item with its owner municipality and due date.
    public static let meetingActionItem = make("meeting.action_item")
    /// An action item was done.
    public static let meetingActionDone = make("meeting.action_done")
    /// A meeting was held on a date.
    public static let meetingHeld = make("meeting.held")
    /// A meeting was cancelled.
    public static let meetingCancelled = make("meeting.cancelled")
    /// A yearly gathering with other actors (third sector, the parish) was held.
    public static let gatheringHeld = make("gathering.held")

    /// Every domain event type.
    public static let all: [EventType] = [
        programmeAdopted, programmeRevised, programmeArea, programmeMeasure, programmeReviewDue, indicatorDefined,
        programmeTarget, municipalityTarget, approvalRecorded, followUpReported, followUpCorrected, meetingScheduled,
        meetingAttendance, meetingAgendaItem, meetingMinutes, meetingDecision, meetingActionItem, meetingActionDone,
        meetingHeld, meetingCancelled, gatheringHeld, caseCounts,
    ]

    private static func make(_ name: String) -> EventType {
        guard let type = EventType(name) else { preconditionFailure("invalid event type \(name)") }
        return type
    }
}
