import Domain
import EventModel

/// MeetingsRendering prints the joint meetings: schedule, status, attendance, agenda, minutes, decisions, action items.
enum MeetingsRendering {
    static func meetings(_ view: MeetingsView, _ options: ViewOptions) -> [MeetingsView.Meeting] {
        view.meetings.filter { meeting in options.year.map { meeting.date?.year == $0 } ?? true }
    }

    static func status(_ status: MeetingsView.Status, _ language: Localization.Language) -> String {
        switch status {
        case .scheduled: Localization.label("scheduled", language)
        case .held(let date): "\(Localization.label("held", language)) \(date)"
        case .cancelled: Localization.label("cancelled", language)
        }
    }

    static func attendance(_ meeting: MeetingsView.Meeting, _ language: Localization.Language) -> String {
        meeting.attendance.sorted { $0.key < $1.key }.map {
            "\(ViewText.name($0.key, language)) \(ViewText.label($0.value ? "yes" : "no", language))"
        }.joined(separator: ", ")
    }

    static func action(_ item: MeetingsView.ActionItem, _ options: ViewOptions) -> String {
        let language = options.language
        func l(_ key: String) -> String { ViewText.label(key, language) }
        var text =
            "\(item.id): \(item.text) · \(l("owner")): \(ViewText.name(item.owner, language)) · \(l("due")): \(item.due)"
        if let done = item.doneOn {
            text += " · \(l("done")): \(done)"
        } else if item.isOverdue(asOf: options.asOf) {
            text += " · \(l("overdue"))"
        }
        return text + (item.isConflict ? " (\(l("conflict").lowercased()))" : "")
    }

    static func actions(_ meeting: MeetingsView.Meeting, _ options: ViewOptions) -> [MeetingsView.ActionItem] {
        meeting.actionItems.filter { item in options.municipality.map { item.owner == $0 } ?? true }
    }

    static func table(_ view: MeetingsView, _ options: ViewOptions) -> String {
        let language = options.language
        func l(_ key: String) -> String { ViewText.label(key, language) }
        var out = ["\(l("meetings")) · \(l("asOf")) \(options.asOf)", ""]
        let shown = meetings(view, options)
        if shown.isEmpty { out.append(l("none")) }
        for meeting in shown {
            let host = meeting.host.map { ViewText.name($0, language) } ?? "?"
            out.append(
                "\(meeting.id)  \(meeting.date?.description ?? "?")  \(host)  \(meeting.place ?? "")  · \(status(meeting.status, language))"
            )
            let attendance = attendance(meeting, language)
            if !attendance.isEmpty { out.append("  \(l("attendance")): \(attendance)") }
            for (index, title) in meeting.agenda.enumerated() { out.append("  \(l("agenda")) \(index + 1). \(title)") }
            if let minutes = meeting.minutes {
                let conflict = meeting.isMinutesConflict ? " (\(l("conflict").lowercased()))" : ""
                out.append("  \(l("minutes"))\(conflict): " + minutes.replacingOccurrences(of: "\n", with: "\n    "))
            }
            for decision in meeting.decisions { out.append("  \(l("decisions")): \(decision)") }
            for item in actions(meeting, options) { out.append("  \(l("actionItems")): \(action(item, options))") }
            out.append("")
        }
        let gatherings = view.gatherings.filter { gathering in options.year.map { gathering.date.year == $0 } ?? true }
        if !gatherings.isEmpty {
            out.append(l("gatherings"))
            for gathering in gatherings { out.append("  \(gathering.date)  \(gathering.id)  \(gathering.title)") }
        }
        return out.joined(separator: "\n")
    }

}
