import EventModel

/// CaseBook is the municipality's local case view: every case folded from the case events of its
/// channel. It holds no plaintext personal data — those stay sealed until a caseworker opens a case.
public struct CaseBook: Sendable {
    /// The cases by stream.
    public private(set) var cases: [StreamID: CaseRecord] = [:]

    /// An empty book.
    public init() {}

    /// A book folded from `events`; events that are not case events change nothing.
    public init(events: some Sequence<Event>) {
        for event in events { apply(event) }
    }

    /// Folds one event.
    public mutating func apply(_ event: Event) {
        guard event.type == CaseStep.erasedType || CaseStep(eventType: event.type) != nil,
            event.stream.rawValue.hasPrefix("case/")
        else { return }
        cases[event.stream, default: CaseRecord(stream: event.stream)].apply(event)
    }

    /// The cases, by stream id.
    public var sorted: [CaseRecord] { cases.values.sorted { $0.stream.rawValue < $1.stream.rawValue } }

    /// The streams of erased cases: their keys must be destroyed wherever they are held.
    public var erasedStreams: Set<String> { Set(cases.values.filter(\.isErased).map(\.stream.rawValue)) }

    /// One open deadline of a case.
    public struct DueItem: Sendable, Hashable {
        /// The case.
        public let stream: StreamID
        /// Its caseworker.
        public let caseworker: String?
        /// The deadline.
        public let due: CaseDeadlines.Due
    }

    /// The deadlines not yet met as of `asOf`, soonest first; only `caseworker`'s cases when given.
    public func due(
        asOf: CalendarDate, caseworker: String? = nil, language: String = "sv",
        regimes: [LegalRegime] = LegalRegime.shipped
    ) -> [DueItem] {
        var items: [DueItem] = []
        for record in sorted where caseworker == nil || record.caseworker == caseworker {
            for due in CaseDeadlines.due(record.file, asOf: asOf, language: language, regimes: regimes)
            where due.doneOn == nil {
                items.append(DueItem(stream: record.stream, caseworker: record.caseworker, due: due))
            }
        }
        return items.sorted { ($0.due.dueOn, $0.stream.rawValue, $0.due.deadline) < ($1.due.dueOn, $1.stream.rawValue, $1.due.deadline) }
    }

    /// The whole book as canonical JSON without personal data: the municipality's case view, whose
    /// digest is compared among the municipality's own nodes.
    public var canonicalJSON: JSONValue { .object(["cases": .array(sorted.map(\.canonicalJSON))]) }
}
