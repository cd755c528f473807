import EventModel

/// CaseFile is what the deadlines need of one case, folded from its events in any order.
public struct CaseFile: Sendable, Hashable {
    /// The case's stream.
    public let stream: StreamID
    /// The dates each step was recorded on, sorted.
    public private(set) var steps: [CaseStep: [CalendarDate]] = [:]
    /// Whether the completed assessment found a plan needed.
    public private(set) var planNeeded = false
    /// Whether the case was erased; an erased case shows nothing.
    public private(set) var isErased = false

    /// An empty case.
    public init(stream: StreamID) { self.stream = stream }

    /// Folds one event of the case; events of other types or streams change nothing.
    public mutating func apply(_ event: Event) {
        guard event.stream == stream else { return }
        if event.type == CaseStep.erasedType {
            isErased = true
            return
        }
        guard let step = CaseStep(eventType: event.type), let text = event.payload["on"]?.stringValue,
            let date = CalendarDate(text)
        else { return }
        steps[step, default: []].append(date)
        steps[step]!.sort()
        if step == .assessment_completed, event.payload["planNeeded"]?.boolValue == true { planNeeded = true }
    }

    /// The first date a step was recorded on.
    public func first(_ step: CaseStep) -> CalendarDate? { steps[step]?.first }

    /// The latest date any of `steps` was recorded on.
    public func latest(of candidates: [CaseStep]) -> CalendarDate? {
        candidates.compactMap { steps[$0]?.last }.max()
    }

    /// Whether `step` was recorded on a day from `start` through `end`.
    public func recorded(_ step: CaseStep, from start: CalendarDate, through end: CalendarDate) -> Bool {
        steps[step]?.contains { start <= $0 && $0 <= end } ?? false
    }

    /// The latest day `step` was recorded on `date` or before.
    public func latest(_ step: CaseStep, onOrBefore date: CalendarDate) -> CalendarDate? {
        steps[step]?.last { $0 <= date }
    }

    /// When the case started: the customer relationship or the request.
    public var openedOn: CalendarDate? { first(.opened) }
}
