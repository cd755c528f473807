import Domain
import EventModel
import Projections

/// FollowUpReport is the yearly follow-up for the council agenda: per area and measure each municipality's figures
/// against target, the joint meetings of the year and their decisions, and what is behind.
public enum FollowUpReport {
    /// The report of `year` as it stands on `query.asOf`, in `query.language`; the programme's texts stay as written.
    public static func document(_ snapshot: WebSnapshot, year: Int, _ query: WebQuery) -> ReportDocument {
        let language = query.language
        func l(_ key: String) -> String { WebText.label(key, language) }
        let matrix = snapshot.followUp.matrix(year: year, asOf: query.asOf)
        let view = snapshot.programme
        let programmes = view.programmes.filter { ($0.fromYear...$0.toYear).contains(year) }
        var blocks: [ReportDocument.Block] = [.heading(1, "\(l("report")) \(year)")]
        let title = programmes.map { "\($0.title) \($0.fromYear)–\($0.toYear)" }.joined(separator: "; ")
        blocks.append(.paragraph("\(title.isEmpty ? l("noEvents") : title)\n\(l("asOf")) \(query.asOf)"))

        let cells = matrix.rows.flatMap(\.cells)
        blocks.append(.heading(2, l("summary")))
        blocks.append(
            .list([
                "\(cells.filter { $0.status == .met }.count)/\(cells.count) \(l("cellsMet"))",
                "\(cells.filter { $0.status == .below }.count) \(l("cellsBelow"))",
                "\(cells.filter(\.isOverdue).count) \(l("cellsOverdue"))",
                "\(l("meetings")): \(snapshot.followUp.meetingsHeld(year: year, asOf: query.asOf)) \(l("held").lowercased())",
            ]))

        let header = [l("municipality"), l("value"), l("target"), l("status")]
        for programme in programmes {
            let measures = view.measures(of: programme.programme)
            for (areaIndex, area) in view.areas(of: programme.programme).enumerated() {
                blocks.append(.heading(2, "\(areaIndex + 1). \(area.title)"))
                for (index, measure) in measures.filter({ $0.area == area.id }).enumerated() {
                    let heading = measure.goal.isEmpty ? measure.action : measure.goal
                    blocks.append(.heading(3, "\(areaIndex + 1).\(index + 1) \(heading)"))
                    if !measure.responsible.isEmpty {
                        blocks.append(.paragraph("\(l("responsible")): \(measure.responsible)"))
                    }
                    for indicator in measure.indicators {
                        guard let row = matrix.row(indicator) else { continue }
                        blocks.append(.paragraph("\(l("indicator")): \(row.indicator.name)"))
                        blocks.append(.table(header, rows(row, language)))
                    }
                }
            }
        }

        let published = snapshot.followUp.publishedCaseCounts(year: year)
        if !published.isEmpty {
            blocks.append(.heading(2, "\(l("caseFigures")) \(year)"))
            blocks.append(.paragraph(l("caseFiguresNote")))
            blocks.append(
                .table(WebText.caseFiguresHeader(language), published.map { WebText.caseFiguresRow($0, language) }))
        }

        blocks.append(.heading(2, "\(l("meetings")) \(year)"))
        let meetings = snapshot.meetings.meetings.filter { $0.date?.year == year }
        if meetings.isEmpty { blocks.append(.paragraph(l("none"))) }
        for meeting in meetings {
            let host = meeting.host.map { WebText.name($0, language) } ?? "?"
            blocks.append(.heading(3, "\(meeting.id) · \(meeting.date?.description ?? "?") · \(host)"))
            var facts = [
                "\(l("place")): \(meeting.place ?? "")", "\(l("status")): \(WebText.status(meeting.status, language))",
            ]
            let present = meeting.attendance.sorted { $0.key < $1.key }.filter(\.value).map {
                WebText.name($0.key, language)
            }
            if !meeting.attendance.isEmpty { facts.append("\(l("attendance")): \(present.joined(separator: ", "))") }
            blocks.append(.paragraph(facts.joined(separator: "\n")))
            if !meeting.decisions.isEmpty {
                blocks.append(.paragraph("\(l("decisions")):"))
                blocks.append(.list(meeting.decisions))
            }
        }

        blocks.append(.heading(2, l("behindTitle")))
        var behind: [String] = []
        for row in matrix.rows {
            for cell in row.cells where cell.status == .below || cell.isOverdue {
                let what =
                    cell.isOverdue
                    ? "\(l("notReported")) (\(l("overdue").lowercased()))"
                    : "\(WebText.value(cell, language)) · \(l("target")) \(WebText.target(cell.target))"
                behind.append("\(WebText.name(cell.municipality, language)) · \(row.indicator.name): \(what)")
            }
            if row.cells.isEmpty, let status = row.total.status, status == .below, matrix.isYearClosed {
                behind.append(
                    "\(l("regionalTotal")) · \(row.indicator.name): \(row.total.value.map(WebText.number) ?? "0")"
                        + " · \(l("target")) \(WebText.target(row.programmeTarget))")
            }
        }
        for item in snapshot.meetings.actionItems where item.isOverdue(asOf: query.asOf) {
            behind.append(
                "\(WebText.name(item.owner, language)) · \(l("actionItems")) \(item.meeting)/\(item.id): "
                    + "\(item.text) · \(l("due")) \(item.due)")
        }
        blocks.append(behind.isEmpty ? .paragraph(l("nothingBehind")) : .list(behind))
        let newest = snapshot.newestEvent(.followup).map(WebText.time) ?? l("never")
        blocks.append(
            .paragraph(
                "\(l("followUp")): \(l("viewDigest")) \(snapshot.digest(.followup).hex) · \(l("newestEvent")) \(newest)"
            ))
        return ReportDocument(language: language.rawValue, blocks: blocks)
    }

    /// One row per municipality and the regional total.
    static func rows(_ row: FollowUpMatrix.Row, _ language: Localization.Language) -> [[String]] {
        func l(_ key: String) -> String { WebText.label(key, language) }
        var rows = row.cells.map { cell -> [String] in
            var value = WebText.value(cell, language)
            if let participants = cell.figure?.participants {
                value += " (\(participants) \(l("participants").lowercased()))"
            }
            var status = Localization.label(cell.status, language)
            if cell.isOverdue { status += " (\(l("overdue").lowercased()))" }
            if cell.figure?.isConflict == true { status += " (\(l("conflict").lowercased()))" }
            return [WebText.name(cell.municipality, language), value, WebText.target(cell.target), status]
        }
        let total = row.total
        var value = WebText.total(total)
        if let participants = total.participants { value += " (\(participants) \(l("participants").lowercased()))" }
        let status =
            total.status.map { Localization.label($0, language) }
            ?? "\(total.reportedCount) \(l("reported").lowercased()), \(total.metCount) \(l("met").lowercased())"
        rows.append([l("regionalTotal"), value, WebText.target(row.programmeTarget), status])
        return rows
    }
}
