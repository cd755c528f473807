import Domain
import EventLog
import EventModel

extension CaseDesk {
    /// The cases the retention policy erases as of `asOf`: closed ones past `retainClosedMonths` after
    /// their closing, open ones without a step for `retainInactiveMonths`.
    public func retentionDue(_ book: CaseBook, asOf: CalendarDate, settings: CaseSettings) -> [StreamID] {
        book.sorted.filter { record in
            guard !record.isErased, let last = record.entries.last?.on else { return false }
            if record.isClosed, let months = settings.retainClosedMonths, let closed = record.file.steps[.closed]?.last {
                return closed.adding(months: months) <= asOf
            }
            if !record.isClosed, let months = settings.retainInactiveMonths { return last.adding(months: months) <= asOf }
            return false
        }.map(\.stream)
    }

    /// Erases every case the retention policy names; returns the erasure events.
    public func applyRetention(asOf: CalendarDate, settings: CaseSettings, author: Author, log: EventLog) throws -> [Event] {
        try retentionDue(try book(log: log), asOf: asOf, settings: settings).map { stream in
            try erase(stream: stream, on: asOf, author: author, log: log)
        }
    }

    /// Appends the suppressed counts of every completed year that the region does not hold yet, or holds
    /// with other values, as seen in `published` (the follow-up view caught up with the log).
    public func publishCounts(
        asOf: CalendarDate, settings: CaseSettings, published: FollowUpView, author: Author, log: EventLog
    ) throws -> [Event] {
        let files = try book(log: log).sorted.map(\.file)
        let events = try CaseCountsPublisher.newEvents(
            files: files, municipality: municipality, published: published, asOf: asOf,
            threshold: settings.suppressionThreshold, author: author)
        return events.isEmpty ? [] : try log.append(events)
    }
}
