import Domain
import EventModel

/// ProgrammeRendering prints the programme: header, approvals, review date, areas and their measures verbatim.
enum ProgrammeRendering {
    static func programmes(_ view: ProgrammeView, _ options: ViewOptions) -> [ProgrammeView.Header] {
        view.programmes.filter { header in options.year.map { (header.fromYear...header.toYear).contains($0) } ?? true }
    }

    static func table(_ view: ProgrammeView, _ options: ViewOptions) -> String {
        let language = options.language
        func l(_ key: String) -> String { ViewText.label(key, language) }
        var out: [String] = []
        for header in programmes(view, options) {
            let id = header.programme
            out.append("\(l("programme")) \(id): \(header.title)" + (header.isConflict ? " (\(l("conflict")))" : ""))
            out.append(
                "\(l("period")): \(header.fromYear)–\(header.toYear) · \(l("members")): "
                    + header.members.map { ViewText.name($0, language) }.joined(separator: ", "))
            if let due = view.reviewDue(of: id) {
                let overdue = view.isReviewOverdue(of: id, asOf: options.asOf) ? " (\(l("overdue").lowercased()))" : ""
                out.append("\(l("reviewDue")): \(due)\(overdue)")
            }
            let approvals = view.approvals(of: id).filter { approval in
                options.municipality.map { $0 == approval.municipality } ?? true
            }
            out.append("\(l("approval")):" + (approvals.isEmpty ? " \(l("none"))" : ""))
            for approval in approvals {
                out.append(
                    "  \(ViewText.name(approval.municipality, language)): \(approval.date) \(approval.body) \(approval.decision)"
                )
            }
            let measures = view.measures(of: id)
            for (areaIndex, area) in view.areas(of: id).enumerated() {
                out.append("")
                out.append("\(areaIndex + 1). \(area.title)")
                for (index, measure) in measures.filter({ $0.area == area.id }).enumerated() {
                    let number = "\(areaIndex + 1).\(index + 1)"
                    let cells: [(String, String)] = [
                        ("goal", measure.goal), ("action", measure.action), ("responsible", measure.responsible),
                        ("partners", measure.partners), ("followUp", measure.followUp),
                        ("indicator", measure.indicators.joined(separator: ", ")),
                    ]
                    let pad = String(repeating: " ", count: number.count + 3)
                    for (offset, (key, text)) in cells.enumerated() where !text.isEmpty {
                        let lead = offset == 0 ? "  \(number) " : pad
                        let body = text.replacingOccurrences(of: "\n", with: "\n" + pad + "  ")
                        out.append("\(lead)\(l(key)): \(body)")
                    }
                    if measure.isConflict { out.append("\(pad)(\(l("conflict")))") }
                }
            }
            out.append("")
        }
        return out.isEmpty ? ViewText.label("emptyLog", language) : out.joined(separator: "\n")
    }

}
