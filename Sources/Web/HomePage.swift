import Domain
import EventModel

/// HomePage is `GET /`: one card per page with the figures a coordinator looks for first.
enum HomePage {
    static func body(_ snapshot: WebSnapshot, _ query: WebQuery) -> String {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebText.label(key, language)) }
        let year = query.followUpYear(snapshot.programme)
        let matrix = snapshot.followUp.matrix(year: year, asOf: query.asOf)
        let cells = matrix.rows.flatMap(\.cells)
        let met = cells.filter { $0.status == .met }.count
        let overdue = cells.filter(\.isOverdue).count
        let meetings = snapshot.meetings.meetings
        let held = meetings.filter { if case .held = $0.status { return true } else { return false } }.count
        let open = snapshot.meetings.actionItems.filter { $0.doneOn == nil }
        let late = open.filter { $0.isOverdue(asOf: query.asOf) }.count
        let title = snapshot.programme.programmes.last.map { HTML.escape($0.title) } ?? l("noEvents")
        let peers = snapshot.status["peers"]?.arrayValue?.count ?? 0
        var out = "<div class=\"cards\">"
        out += "<div class=\"card\"><a href=\"\(query.link("/programme"))\">\(l("programme"))</a><p>\(title)</p></div>"
        out += "<div class=\"card\"><a href=\"\(query.link("/followup"))\">\(l("followUp")) \(year)</a>"
        out += "<p>\(met)/\(cells.count) \(l("cellsMet")) · \(overdue) \(l("cellsOverdue"))</p></div>"
        out += "<div class=\"card\"><a href=\"\(query.link("/meetings"))\">\(l("meetings"))</a>"
        out += "<p>\(meetings.count) · \(l("held").lowercased()) \(held) · \(open.count) \(l("openActionsShort")) · "
        out += "\(late) \(l("overdueActions"))</p></div>"
        out += "<div class=\"card\"><a href=\"\(query.link("/status"))\">\(l("syncStatus"))</a>"
        out += "<p>\(l("peers")): \(peers) · \(l("events")): \(snapshot.status["events"]?.int64Value ?? 0)</p></div>"
        let enter = HTML.escape(WebFormText.label("enterData", query.language))
        out += "</div><p><a href=\"\(query.link("/forms"))\">\(enter)</a></p>"
        return out
    }
}
