import Domain
import EventModel

/// WebExport turns the views into tables for CSV: the same rows for `samverkan view --format csv|--excel`
/// and for the pages' downloads.
public enum WebExport {
    /// One row per measure with the programme's five columns verbatim; only programmes covering `year` when given.
    public static func programme(_ view: ProgrammeView, _ query: WebQuery) -> CSVTable {
        func l(_ key: String) -> String { WebText.label(key, query.language) }
        let header = [
            l("programme"), l("area"), l("measure"), l("goal"), l("action"), l("responsible"), l("partners"),
            l("followUp"), l("indicator"),
        ]
        var rows: [[CSVTable.Cell]] = []
        let programmes = view.programmes.filter { header in
            query.year.map { (header.fromYear...header.toYear).contains($0) } ?? true
        }
        for programme in programmes {
            let titles = Dictionary(
                view.areas(of: programme.programme).map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
            for measure in view.measures(of: programme.programme) {
                rows.append([
                    .text(programme.programme), .text(titles[measure.area] ?? measure.area), .text(measure.id),
                    .text(measure.goal), .text(measure.action), .text(measure.responsible), .text(measure.partners),
                    .text(measure.followUp), .text(measure.indicators.joined(separator: ", ")),
                ])
            }
        }
        return CSVTable(header: header, rows: rows)
    }

    /// One row per indicator × municipality plus one per regional total, for pivoting in Excel.
    public static func followUp(_ view: FollowUpView, year: Int, _ query: WebQuery) -> CSVTable {
        let language = query.language
        let matrix = view.matrix(year: year, asOf: query.asOf)
        func l(_ key: String) -> String { WebText.label(key, language) }
        let header = [
            l("year"), l("indicator"), l("name"), l("code"), l("municipality"), l("value"), l("participants"),
            l("done"), l("reference"), l("min"), l("max"), l("status"), l("overdue"), l("conflict"),
        ]
        func yesNo(_ flag: Bool?) -> CSVTable.Cell { .text(flag.map { l($0 ? "yes" : "no") } ?? "") }
        var rows: [[CSVTable.Cell]] = []
        for row in matrix.rows {
            for cell in row.cells where query.municipality.map({ $0 == cell.municipality }) ?? true {
                rows.append([
                    .integer(year), .text(row.indicator.id), .text(row.indicator.name),
                    .text(cell.municipality.description), .text(WebText.name(cell.municipality, language)),
                    value(cell.caseCount, cell.figure?.value), .integer(cell.figure?.participants),
                    yesNo(cell.figure?.done),
                    .text(cell.figure?.reference ?? ""), .number(cell.target?.minimum), .number(cell.target?.maximum),
                    .text(Localization.label(cell.status, language)), .text(cell.isOverdue ? l("yes") : ""),
                    .text(cell.figure?.isConflict == true ? l("yes") : ""),
                ])
            }
            rows.append([
                .integer(year), .text(row.indicator.id), .text(row.indicator.name), "", .text(l("regionalTotal")),
                total(row.total), .integer(row.total.participants), "", "",
                .number(row.programmeTarget?.minimum), .number(row.programmeTarget?.maximum),
                .text(row.total.status.map { Localization.label($0, language) } ?? ""), "", "",
            ])
        }
        return CSVTable(header: header, rows: rows)
    }

    /// A value cell: a number, or for a count derived from cases the text it travelled as (`<5`) when suppressed.
    static func value(_ caseCount: SuppressedCount?, _ figure: Double?) -> CSVTable.Cell {
        switch caseCount {
        case .exact(let count): .number(Double(count))
        case .below: .text(caseCount?.description ?? "")
        case nil: .number(figure)
        }
    }

    /// A total cell: a number, or for a row derived from cases the range (`21–29`) when a cell was suppressed.
    static func total(_ total: FollowUpMatrix.Total) -> CSVTable.Cell {
        switch total.caseTotal {
        case .exact(let count): .number(Double(count))
        case .range: .text(total.caseTotal?.description ?? "")
        case nil: .number(total.value)
        }
    }

    /// One row per meeting (only those in `year` when given); lists inside a cell are joined by " | ".
    public static func meetings(_ view: MeetingsView, _ query: WebQuery) -> CSVTable {
        let language = query.language
        func l(_ key: String) -> String { WebText.label(key, language) }
        let header = [
            l("meeting"), l("date"), l("host"), l("place"), l("status"), l("attendance"), l("agenda"), l("minutes"),
            l("conflict"), l("decisions"), l("actionItems"),
        ]
        let shown = view.meetings.filter { meeting in query.year.map { meeting.date?.year == $0 } ?? true }
        let rows = shown.map { meeting -> [CSVTable.Cell] in
            let attendance = meeting.attendance.sorted { $0.key < $1.key }.map {
                "\(WebText.name($0.key, language)) \(l($0.value ? "yes" : "no"))"
            }.joined(separator: ", ")
            let actions = meeting.actionItems.filter { item in query.municipality.map { item.owner == $0 } ?? true }
            return [
                .text(meeting.id), .text(meeting.date?.description ?? ""),
                .text(meeting.host.map { WebText.name($0, language) } ?? ""), .text(meeting.place ?? ""),
                .text(WebText.status(meeting.status, language)), .text(attendance),
                .text(meeting.agenda.joined(separator: " | ")), .text(meeting.minutes ?? ""),
                .text(meeting.isMinutesConflict ? l("yes") : ""), .text(meeting.decisions.joined(separator: " | ")),
                .text(actions.map { action($0, query) }.joined(separator: " | ")),
            ]
        }
        return CSVTable(header: header, rows: rows)
    }

    /// An action item in one line: id, text, owner, due day, and done or overdue.
    static func action(_ item: MeetingsView.ActionItem, _ query: WebQuery) -> String {
        let language = query.language
        func l(_ key: String) -> String { WebText.label(key, language) }
        var text =
            "\(item.id): \(item.text) · \(l("owner")): \(WebText.name(item.owner, language)) · \(l("due")): \(item.due)"
        if let done = item.doneOn {
            text += " · \(l("done")): \(done)"
        } else if item.isOverdue(asOf: query.asOf) {
            text += " · \(l("overdue"))"
        }
        return text + (item.isConflict ? " (\(l("conflict").lowercased()))" : "")
    }
}
