import Domain
import EventModel

/// MeetingsPage shows the joint meetings, upcoming first, then held and the rest: attendance, agenda, minutes,
/// decisions and action items; and the open action items per municipality with the overdue ones highlighted.
enum MeetingsPage {
    static func body(_ snapshot: WebSnapshot, _ query: WebQuery) -> String {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebText.label(key, language)) }
        let all = snapshot.meetings.meetings.filter { meeting in query.year.map { meeting.date?.year == $0 } ?? true }
        let upcoming = all.filter { meeting in
            if case .scheduled = meeting.status, let date = meeting.date { return date >= query.asOf }
            return false
        }
        let others = all.filter { meeting in !upcoming.contains { $0.id == meeting.id } }.reversed()
        var out = WebLayout.downloads("/meetings.csv", query: query)
        out += openActions(snapshot, query)
        out += "<h2>\(l("upcoming"))</h2>"
        out +=
            upcoming.isEmpty ? "<p>\(l("none"))</p>" : upcoming.map { meeting($0, query, snapshot: snapshot) }.joined()
        out += "<h2>\(l("heldMeetings"))</h2>"
        out += others.isEmpty ? "<p>\(l("none"))</p>" : others.map { meeting($0, query, snapshot: snapshot) }.joined()
        let gatherings = snapshot.meetings.gatherings.filter { gathering in
            query.year.map { gathering.date.year == $0 } ?? true
        }
        if !gatherings.isEmpty {
            out += "<h2>\(l("gatherings"))</h2><table><tr><th>\(l("date"))</th><th>\(l("title"))</th></tr>"
            for gathering in gatherings {
                out += "<tr><td>\(gathering.date)</td><td>\(HTML.escape(gathering.title))</td></tr>"
            }
            out += "</table>"
        }
        return out
    }

    /// The open action items grouped by owner; overdue ones (due before the as-of day, not done) highlighted.
    static func openActions(_ snapshot: WebSnapshot, _ query: WebQuery) -> String {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebText.label(key, language)) }
        let open = snapshot.meetings.actionItems.filter { item in
            item.doneOn == nil && (query.municipality.map { item.owner == $0 } ?? true)
        }
        var out = "<h2>\(l("openActions"))</h2>"
        guard !open.isEmpty else { return out + "<p>\(l("none"))</p>" }
        out +=
            "<table><tr><th>\(l("owner"))</th><th>\(l("actionItems"))</th><th>\(l("meeting"))</th><th>\(l("due"))</th></tr>"
        for item in open.sorted(by: { ($0.owner, $0.due, $0.id) < ($1.owner, $1.due, $1.id) }) {
            let overdue = item.isOverdue(asOf: query.asOf)
            out +=
                "<tr\(overdue ? " class=\"overdue below\"" : "")><td>\(HTML.escape(WebText.name(item.owner, language)))</td>"
            out +=
                "<td>\(HTML.escape(item.text))\(item.isConflict ? " <span class=\"conflict\">(\(l("conflict")))</span>" : "")</td>"
            out +=
                "<td>\(HTML.escape(item.meeting))</td><td>\(item.due)\(overdue ? " · \(l("overdue"))" : "")</td></tr>"
        }
        return out + "</table>"
    }

    /// The versions of conflicting minutes besides the one shown, each with its writer and time, so coordinators
    /// see what stands side by side until an edit that lists both resolves it.
    static func otherVersions(
        _ meeting: MeetingsView.Meeting, snapshot: WebSnapshot, language: Localization.Language
    ) -> String {
        guard meeting.isMinutesConflict, let register = snapshot.meetings.minutesRegister(meeting.id) else { return "" }
        return register.versions.dropFirst().map { version in
            let who = "\(version.stamp.origin) · \(WebText.time(version.stamp.hlc))"
            return "<dt class=\"conflict\">\(HTML.escape(WebText.label("conflict", language)))<br><small>"
                + "\(HTML.escape(who))</small></dt><dd class=\"minutes\">"
                + "\(HTML.multiline(version.value["text"]?.stringValue ?? ""))</dd>"
        }.joined()
    }

    static func meeting(_ meeting: MeetingsView.Meeting, _ query: WebQuery, snapshot: WebSnapshot) -> String {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebText.label(key, language)) }
        let host = meeting.host.map { WebText.name($0, language) } ?? "?"
        var status = WebText.status(meeting.status, language)
        if case .scheduled = meeting.status, let date = meeting.date, date < query.asOf {
            status += " (\(WebText.label("dateNotReported", language)))"
        }
        var out = "<section class=\"measure\" id=\"meeting-\(HTML.escape(meeting.id))\">"
        out += "<h3>\(HTML.escape(meeting.id)) · \(meeting.date?.description ?? "?") · \(HTML.escape(host))</h3><dl>"
        out += "<dt>\(l("place"))</dt><dd>\(HTML.escape(meeting.place ?? ""))</dd>"
        out += "<dt>\(l("status"))</dt><dd>\(HTML.escape(status))</dd>"
        if !meeting.attendance.isEmpty {
            let present = meeting.attendance.sorted { $0.key < $1.key }.map { code, isPresent in
                "\(HTML.escape(WebText.name(code, language))) \(l(isPresent ? "yes" : "no"))"
            }
            out += "<dt>\(l("attendance"))</dt><dd>\(present.joined(separator: ", "))</dd>"
        }
        if !meeting.agenda.isEmpty {
            out +=
                "<dt>\(l("agenda"))</dt><dd><ol>" + meeting.agenda.map { "<li>\(HTML.escape($0))</li>" }.joined()
                + "</ol></dd>"
        }
        if let minutes = meeting.minutes {
            let resolve = query.link("/forms/minutes", [("meeting", meeting.id)])
            let conflict =
                meeting.isMinutesConflict
                ? " <span class=\"conflict\">(\(l("conflict")))</span> <a href=\"\(resolve)\">"
                    + "\(HTML.escape(WebFormText.label("resolve", language)))</a>" : ""
            out += "<dt>\(l("minutes"))\(conflict)</dt><dd class=\"minutes\">\(HTML.multiline(minutes))</dd>"
            out += otherVersions(meeting, snapshot: snapshot, language: language)
        }
        if !meeting.decisions.isEmpty {
            out +=
                "<dt>\(l("decisions"))</dt><dd><ul>"
                + meeting.decisions.map { "<li>\(HTML.multiline($0))</li>" }.joined() + "</ul></dd>"
        }
        let items = meeting.actionItems.filter { item in query.municipality.map { item.owner == $0 } ?? true }
        if !items.isEmpty {
            out += "<dt>\(l("actionItems"))</dt><dd><ul>"
            for item in items {
                let overdue = item.isOverdue(asOf: query.asOf)
                var text =
                    "\(HTML.escape(item.text)) · \(HTML.escape(WebText.name(item.owner, language))) · \(l("due")) \(item.due)"
                if let done = item.doneOn {
                    text += " · \(l("done")) \(done)"
                } else if overdue {
                    text += " · \(l("overdue"))"
                }
                out += "<li\(overdue ? " class=\"overdue\"" : "")>\(text)</li>"
            }
            out += "</ul></dd>"
        }
        return out + "</dl></section>"
    }
}
