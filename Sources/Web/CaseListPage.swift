import Domain
import EventModel
import HTTP

/// CaseListPage is `GET /cases`: the deadlines due and overdue as of a day, for the signed-in caseworker or the
/// whole municipality, and the cases they belong to.
///
/// It shows case ids, dates, deadlines and caseworkers only — nothing sealed — so showing it is not a read of
/// any case and is not written to the access log.
public enum CaseListPage {
    /// The page for `user` as of `asOf`: only the cases whose caseworker is `user` when `mine`.
    public static func render(
        _ book: CaseBook, asOf: CalendarDate, mine: Bool, user: String, frame: CaseWeb.Frame
    ) -> HTTPResponse {
        let language = frame.language
        let query = frame.query
        func l(_ key: String) -> String { frame.l(key) }
        let caseworker = mine ? user : nil
        let due = book.due(asOf: asOf, caseworker: caseworker, language: language.rawValue)
        let records = book.sorted.filter { record in
            record.file.openedOn != nil && (caseworker == nil || record.caseworker == caseworker)
        }
        var out = CaseWeb.signedIn(user, frame: frame)
        let mineLink = "<a href=\"\(query.link("/cases"))\"\(mine ? " aria-current=\"true\"" : "")>\(l("mine"))</a>"
        let allLink =
            "<a href=\"\(query.link("/cases", [("mine", "0")]))\"\(mine ? "" : " aria-current=\"true\"")>\(l("all"))</a>"
        out +=
            "<p>\(mine ? "<strong>\(mineLink)</strong>" : mineLink) · \(mine ? allLink : "<strong>\(allLink)</strong>")"
        out += " · <a href=\"\(query.link("/cases/new"))\">\(l("newCase"))</a></p>"
        out += asOfForm(asOf, mine: mine, frame: frame)
        out += "<p class=\"muted\">\(l("noPersonalData"))</p>"

        out += "<h2>\(l("due"))</h2>"
        let overdue = due.filter(\.due.isOverdue).count
        out += "<p>\(due.count) \(l("dueSummary")) <strong>\(overdue)</strong></p>"
        if due.isEmpty {
            out += "<p>\(l("noDue"))</p>"
        } else {
            out += "<table class=\"due\"><tr><th>\(l("case"))</th><th>\(l("deadline"))</th><th>\(l("regime"))</th>"
            out += "<th>\(l("dueOn"))</th><th>\(l("status"))</th><th>\(l("field.caseworker"))</th></tr>"
            for item in due {
                let state = item.due.isOverdue ? "overdue" : "open"
                out += "<tr class=\"\(state)\"><td>\(caseLink(item.stream, frame))</td>"
                out += "<td>\(HTML.escape(item.due.label))</td><td>\(HTML.escape(item.due.regime))</td>"
                out += "<td>\(item.due.dueOn)</td><td>\(l(state))</td>"
                out += "<td>\(HTML.escape(item.caseworker ?? ""))</td></tr>"
            }
            out += "</table>"
        }

        out += "<h2>\(l("cases"))</h2>"
        if records.isEmpty {
            out += "<p>\(l("noCases"))</p>"
        } else {
            out += "<table class=\"cases\"><tr><th>\(l("case"))</th><th>\(l("openedOn"))</th>"
            out += "<th>\(l("field.caseworker"))</th><th>\(l("status"))</th></tr>"
            for record in records {
                let state = record.isErased ? "erasedState" : record.isClosed ? "closed" : "open"
                let id = record.isErased ? HTML.escape(CaseWeb.id(record.stream)) : caseLink(record.stream, frame)
                out += "<tr><td>\(id)</td><td>\(record.file.openedOn.map(\.description) ?? "")</td>"
                out += "<td>\(HTML.escape(record.caseworker ?? ""))</td><td>\(l(state))</td></tr>"
            }
            out += "</table>"
        }
        return CaseWeb.page(
            CaseText.label("cases", language), path: "/cases", body: out, status: .ok, frame: frame,
            extraQuery: mine ? [] : [("mine", "0")])
    }

    /// A link to a case's page, which asks for the purpose before it shows anything.
    static func caseLink(_ stream: StreamID, _ frame: CaseWeb.Frame) -> String {
        let id = CaseWeb.id(stream)
        return "<a href=\"\(frame.query.link("/cases/" + id))\"><code>\(HTML.escape(id))</code></a>"
    }

    /// The form that picks the as-of day, keeping the language and the scope.
    static func asOfForm(_ asOf: CalendarDate, mine: Bool, frame: CaseWeb.Frame) -> String {
        var out = "<form class=\"inline\" method=\"get\" action=\"/cases\">"
        if frame.language != .sv { out += "<input type=\"hidden\" name=\"lang\" value=\"\(frame.language.rawValue)\">" }
        if !mine { out += "<input type=\"hidden\" name=\"mine\" value=\"0\">" }
        out += "<label for=\"f-asOf\">\(frame.l("asOf"))</label>"
        out += "<input type=\"date\" id=\"f-asOf\" name=\"asOf\" value=\"\(asOf)\">"
        return out + "<button type=\"submit\">\(frame.l("show"))</button></form>"
    }
}
