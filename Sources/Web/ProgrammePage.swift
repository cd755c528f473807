import Domain
import EventModel

/// ProgrammePage shows each programme: period, members, approvals, review date, and its areas with their measures
/// (goal, action, responsible body, partners, follow-up) verbatim, with the indicators that follow them up.
enum ProgrammePage {
    static func body(_ snapshot: WebSnapshot, _ query: WebQuery) -> String {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebText.label(key, language)) }
        let view = snapshot.programme
        var out = WebLayout.downloads("/programme.csv", query: query)
        if view.programmes.isEmpty { out += "<p>\(l("noEvents"))</p>" }
        for header in view.programmes {
            let id = header.programme
            let conflict = header.isConflict ? " <span class=\"conflict\">(\(l("conflict")))</span>" : ""
            out += "<h2>\(HTML.escape(header.title))\(conflict)</h2><dl>"
            out += "<dt>\(l("programme"))</dt><dd>\(HTML.escape(id))</dd>"
            out += "<dt>\(l("period"))</dt><dd>\(header.fromYear)–\(header.toYear)</dd>"
            let members = header.members.map { WebText.name($0, language) }.joined(separator: ", ")
            out += "<dt>\(l("members"))</dt><dd>\(HTML.escape(members))</dd>"
            if let due = view.reviewDue(of: id) {
                let overdue = view.isReviewOverdue(of: id, asOf: query.asOf)
                out +=
                    "<dt>\(l("reviewDue"))</dt><dd\(overdue ? " class=\"overdue\"" : "")>\(due)"
                    + (overdue ? " (\(l("overdue")))" : "") + "</dd>"
            }
            let approvals = view.approvals(of: id).map { approval in
                "\(HTML.escape(WebText.name(approval.municipality, language))): \(approval.date) "
                    + "\(HTML.escape(approval.body)) \(HTML.escape(approval.decision))"
            }
            out +=
                "<dt>\(l("approval"))</dt><dd>\(approvals.isEmpty ? l("none") : approvals.joined(separator: "<br>"))</dd>"
            out += "</dl>"
            let indicators = Dictionary(
                view.indicators(of: id).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let measures = view.measures(of: id)
            for (areaIndex, area) in view.areas(of: id).enumerated() {
                out += "<h2>\(areaIndex + 1). \(HTML.escape(area.title))</h2>"
                for (index, measure) in measures.filter({ $0.area == area.id }).enumerated() {
                    out += "<div class=\"measure\"><h3>\(areaIndex + 1).\(index + 1)"
                    out += measure.isConflict ? " <span class=\"conflict\">(\(l("conflict")))</span>" : ""
                    out += "</h3><dl>"
                    let cells: [(String, String)] = [
                        ("goal", measure.goal), ("action", measure.action), ("responsible", measure.responsible),
                        ("partners", measure.partners), ("followUp", measure.followUp),
                    ]
                    for (key, text) in cells where !text.isEmpty {
                        out += "<dt>\(l(key))</dt><dd>\(HTML.multiline(text))</dd>"
                    }
                    if !measure.indicators.isEmpty {
                        let links = measure.indicators.map { indicator in
                            let name = indicators[indicator].map {
                                "\($0.name) · \(Localization.label($0.kind, language))"
                            }
                            return "<a href=\"\(query.link("/followup"))#\(HTML.escape(indicator))\">"
                                + "\(HTML.escape(name ?? indicator))</a>"
                        }
                        out += "<dt>\(l("indicator"))</dt><dd>\(links.joined(separator: "<br>"))</dd>"
                    }
                    out += "</dl></div>"
                }
            }
        }
        return out
    }
}
