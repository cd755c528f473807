import Domain
import EventModel

/// FollowUpRendering prints the follow-up matrix of one year: per indicator, each municipality and the region.
enum FollowUpRendering {
    static func lines(_ view: FollowUpView, _ options: ViewOptions) -> (
        header: [String], rows: [[String]], title: String
    ) {
        let language = options.language
        let year = options.year ?? options.asOf.year
        let matrix = view.matrix(year: year, asOf: options.asOf)
        func l(_ key: String) -> String { ViewText.label(key, language) }
        let header = [l("indicator"), l("municipality"), l("value"), l("participants"), l("target"), l("status")]
        var rows: [[String]] = []
        for row in matrix.rows {
            // The id heads the group and the (shortened) name sits under it, so the table stays narrow.
            let name = row.indicator.name.count > 40 ? String(row.indicator.name.prefix(39)) + "…" : row.indicator.name
            var labels = [row.indicator.id, name]
            func add(_ who: String, _ cells: [String]) {
                rows.append([labels.isEmpty ? "" : labels.removeFirst()] + [who] + cells)
            }
            for cell in row.cells where options.municipality.map({ $0 == cell.municipality }) ?? true {
                add(
                    ViewText.name(cell.municipality, language),
                    [
                        cell.caseCount?.description ?? value(cell.figure, language),
                        cell.figure?.participants.map(String.init) ?? "",
                        ViewText.target(cell.target),
                        status(
                            cell.status, overdue: cell.isOverdue, conflict: cell.figure?.isConflict == true, language),
                    ])
            }
            let total = row.total
            let totalStatus =
                total.status.map { Localization.label($0, language) }
                ?? "\(total.reportedCount) \(l("reported").lowercased()), \(total.metCount) \(l("met").lowercased())"
            add(
                l("regionalTotal"),
                [
                    total.caseTotal?.description ?? total.value.map(ViewText.number) ?? "",
                    total.participants.map(String.init) ?? "",
                    ViewText.target(row.programmeTarget), totalStatus,
                ])
        }
        let title = "\(l("followUpTitle")) \(year) · \(l("asOf")) \(options.asOf)"
        return (header, rows, title)
    }

    static func table(_ view: FollowUpView, _ options: ViewOptions) -> String {
        let (header, rows, title) = lines(view, options)
        if rows.isEmpty { return "\(title)\n\(ViewText.label("emptyLog", options.language))" }
        return title + "\n\n" + ViewText.table(header, rows)
    }

    static func value(_ figure: FollowUpView.Figure?, _ language: Localization.Language) -> String {
        guard let figure else { return "–" }
        var parts: [String] = []
        if let value = figure.value { parts.append(ViewText.number(value)) }
        if let done = figure.done { parts.append(yesNo(done, language)) }
        if let reference = figure.reference { parts.append(reference) }
        return parts.joined(separator: " ")
    }

    static func yesNo(_ done: Bool?, _ language: Localization.Language) -> String {
        done.map { ViewText.label($0 ? "yes" : "no", language) } ?? ""
    }

    static func status(
        _ status: FollowUpStatus, overdue: Bool, conflict: Bool, _ language: Localization.Language
    ) -> String {
        var text = Localization.label(status, language)
        if overdue { text += " (\(Localization.label("overdue", language).lowercased()))" }
        if conflict { text += " (\(Localization.label("conflict", language).lowercased()))" }
        return text
    }
}
