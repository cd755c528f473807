import Domain
import EventModel

/// FollowUpPage shows the follow-up of one year: indicator × municipality with status colours against the target,
/// the regional totals, and a chart of each indicator over the programme's years.
enum FollowUpPage {
    static func body(_ snapshot: WebSnapshot, _ query: WebQuery) -> String {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebText.label(key, language)) }
        let year = query.followUpYear(snapshot.programme)
        let matrix = snapshot.followUp.matrix(year: year, asOf: query.asOf)
        let members = matrix.members.filter { code in query.municipality.map { $0 == code } ?? true }
        var out = yearLinks(snapshot, query, year: year)
        out += WebLayout.downloads("/followup.csv", query: query, [("year", String(year))])
        if matrix.rows.isEmpty { return out + "<p>\(l("noEvents"))</p>" }
        out +=
            "<p class=\"legend\">\(l("legend")): "
            + FollowUpStatus.allCases.map { status in
                "<span><span class=\"swatch \(status.rawValue)\"></span>\(HTML.escape(Localization.label(status, language)))</span>"
            }.joined() + "<span class=\"overdue\">\(l("overdue"))</span></p>"
        out += "<table class=\"matrix\"><thead><tr><th>\(l("indicator"))</th>"
        out += members.map { "<th>\(HTML.escape(WebText.name($0, language)))</th>" }.joined()
        out += "<th>\(l("regionalTotal"))</th></tr></thead><tbody>"
        for row in matrix.rows {
            let target = WebText.target(row.programmeTarget)
            out += "<tr id=\"\(HTML.escape(row.indicator.id))\"><th>\(HTML.escape(row.indicator.name))<br>"
            out +=
                "<small>\(HTML.escape(row.indicator.id)) · \(HTML.escape(Localization.label(row.indicator.kind, language)))"
            out += target.isEmpty ? "" : " · \(l("target")) \(HTML.escape(target))"
            out += "</small></th>"
            if row.cells.isEmpty {
                out +=
                    "<td colspan=\"\(members.count)\" class=\"muted\">\(HTML.escape(source(row.indicator, language)))</td>"
            }
            for cell in row.cells where members.contains(cell.municipality) {
                out += self.cell(cell, language)
            }
            out += total(row, language)
            out += "</tr>"
        }
        out += "</tbody></table>"
        out += caseFigures(snapshot.followUp, year: year, members: members, language)
        out += "<h2>\(l("charts"))</h2><div class=\"charts\">"
        let years = chartYears(snapshot, year: year)
        let matrices = years.map { $0 == year ? matrix : snapshot.followUp.matrix(year: $0, asOf: query.asOf) }
        for row in matrix.rows {
            out += IndicatorChart.svg(
                indicator: row.indicator, years: years, members: members, matrices: matrices, language: language)
        }
        return out + "</div>"
    }

    /// One municipality's cell: the figure, participants and target, coloured by status, outlined when overdue.
    static func cell(_ cell: FollowUpMatrix.Cell, _ language: Localization.Language) -> String {
        var classes = [cell.status.rawValue]
        if cell.isOverdue { classes.append("overdue") }
        var text = HTML.escape(WebText.value(cell, language))
        if let participants = cell.figure?.participants {
            text +=
                " <small>(\(participants) \(HTML.escape(WebText.label("participants", language).lowercased())))</small>"
        }
        let target = WebText.target(cell.target)
        if !target.isEmpty {
            text += "<br><small>\(HTML.escape(WebText.label("target", language))) \(HTML.escape(target))</small>"
        }
        var status = Localization.label(cell.status, language)
        if cell.isOverdue { status += " · " + WebText.label("overdue", language) }
        if cell.figure?.isConflict == true {
            text += " <span class=\"conflict\">(\(HTML.escape(WebText.label("conflict", language))))</span>"
        }
        if let note = cell.figure?.note { text += "<br><small>\(HTML.escape(note))</small>" }
        return "<td class=\"\(classes.joined(separator: " "))\" title=\"\(HTML.escape(status))\">\(text)"
            + "<br><small>\(HTML.escape(status))</small></td>"
    }

    static func total(_ row: FollowUpMatrix.Row, _ language: Localization.Language) -> String {
        let total = row.total
        let value = HTML.escape(WebText.total(total))
        if let status = total.status {
            return "<td class=\"num \(status.rawValue)\"><strong>\(value)</strong><br>"
                + "<small>\(HTML.escape(Localization.label(status, language)))</small></td>"
        }
        let participants =
            total.participants.map {
                " <small>(\($0) \(HTML.escape(WebText.label("participants", language).lowercased())))</small>"
            } ?? ""
        return "<td class=\"num\"><strong>\(value)</strong>\(participants)<br><small>\(total.reportedCount) "
            + "\(HTML.escape(Localization.label("reported", language).lowercased())), \(total.metCount) "
            + "\(HTML.escape(Localization.label("met", language).lowercased()))</small></td>"
    }

    /// The counts municipalities published from their cases for periods of `year`: nothing personal, every
    /// count as it travelled (`<5` for 1–4); nothing at all when none were published.
    static func caseFigures(
        _ view: FollowUpView, year: Int, members: [MunicipalityCode], _ language: Localization.Language
    ) -> String {
        let published = view.publishedCaseCounts(year: year).filter { members.contains($0.municipality) }
        guard !published.isEmpty else { return "" }
        var out = "<h2>\(HTML.escape(WebText.label("caseFigures", language)))</h2>"
        out += "<p class=\"legend\">\(HTML.escape(WebText.label("caseFiguresNote", language)))</p>"
        out += "<table class=\"cases\"><thead><tr>"
        out += WebText.caseFiguresHeader(language).map { "<th>\(HTML.escape($0))</th>" }.joined()
        out += "</tr></thead><tbody>"
        for counts in published {
            let cells = WebText.caseFiguresRow(counts, language)
            out += "<tr><th>\(HTML.escape(cells[0]))</th><td>\(HTML.escape(cells[1]))</td>"
            out += cells.dropFirst(2).map { "<td class=\"num\">\(HTML.escape($0))</td>" }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }

    static func source(_ indicator: IndicatorDefinition, _ language: Localization.Language) -> String {
        switch indicator.source {
        case .meetings: WebText.label("meetings", language)
        case .gatherings: WebText.label("gatherings", language)
        case .reported, .cases: ""
        }
    }

    /// Links to the other years of the programmes.
    static func yearLinks(_ snapshot: WebSnapshot, _ query: WebQuery, year: Int) -> String {
        let years = chartYears(snapshot, year: year)
        guard years.count > 1 else { return "" }
        return "<p>\(HTML.escape(WebText.label("year", query.language))): "
            + years.map { option in
                option == year
                    ? "<strong>\(option)</strong>"
                    : "<a href=\"\(query.link("/followup", [("year", String(option))]))\">\(option)</a>"
            }.joined(separator: " · ") + "</p>"
    }

    /// The years the charts cover: every programme year, plus the year shown.
    static func chartYears(_ snapshot: WebSnapshot, year: Int) -> [Int] {
        var years = Set(snapshot.programme.programmes.flatMap { Array($0.fromYear...$0.toYear) })
        years.insert(year)
        return years.sorted()
    }
}
