import EventModel

/// CaseDeadlines computes what is due in a case under the regime of its start date, as of a date.
/// Nothing here enters a view digest: "overdue" depends on the day it is asked.
public enum CaseDeadlines {
    /// One deadline of one case.
    public struct Due: Sendable, Hashable {
        /// The deadline's id in the regime, e.g. `referral`.
        public let deadline: String
        /// Its label in the asked language (Swedish when missing).
        public let label: String
        /// The regime's id, e.g. `681/2023`.
        public let regime: String
        /// The last day it may be met.
        public let dueOn: CalendarDate
        /// When it was met, if it was.
        public let doneOn: CalendarDate?
        /// Whether it is open and its day has passed.
        public let isOverdue: Bool
    }

    /// The deadlines of `file` as of `asOf`, in due-date order; empty for an erased or unopened case.
    public static func due(
        _ file: CaseFile, asOf: CalendarDate, language: String = "sv", regimes: [LegalRegime] = LegalRegime.shipped
    ) -> [Due] {
        guard !file.isErased, let opened = file.openedOn, let regime = LegalRegime.governing(opened, among: regimes)
        else { return [] }
        let closedOn = file.first(.closed)
        var result: [Due] = []
        for deadline in regime.deadlines {
            if deadline.when == "planNeeded" && !file.planNeeded { continue }
            let start = deadline.fromLatest ? file.latest(of: deadline.from) : deadline.from.compactMap(file.first).first
            guard let start else { continue }
            var dueOn = deadline.within.after(start)
            if let extra = deadline.extendedBy, file.first(.plan_extended) != nil { dueOn = extra.after(dueOn) }
            let doneOn = deadline.doneBy.compactMap { step in file.steps[step]?.first { $0 >= start } }.min()
            // A repeating deadline measured from the latest step is met only by a later one.
            let met = deadline.repeats && deadline.fromLatest ? nil : doneOn
            if met == nil, let closedOn, closedOn <= asOf { continue }
            result.append(
                Due(
                    deadline: deadline.id, label: deadline.label[language] ?? deadline.label["sv"] ?? deadline.id,
                    regime: regime.id, dueOn: dueOn, doneOn: met, isOverdue: met == nil && asOf > dueOn))
        }
        return result.sorted { ($0.dueOn, $0.deadline) < ($1.dueOn, $1.deadline) }
    }
}
