import Domain
import EventModel
import Foundation
import Projections
import Web

/// `samverkan report`: the yearly follow-up report for the council agenda, as Markdown or HTML.
enum ReportCommand: Command {
    static let name = "report"
    static let summary = "write the yearly follow-up report for the council agenda (Markdown or HTML)"
    static let help = """
        Usage: samverkan report --data DIR --year Y [--format md|html] [--lang sv|fi|en] [--as-of YYYY-MM-DD]
                                [--output FILE]

        Writes the follow-up of a year as a document a coordinator can attach to the council agenda: per area
        and measure, each municipality's figures against the target with the regional total; the joint
        meetings of the year with attendance and decisions; and what is behind (figures below target, reports
        overdue, action items past their due day). Ends with the follow-up view's digest.

          --data DIR       the node's data directory
          --year Y         the year followed up
          --format F       md (default, Markdown) or html (a standalone page with inline CSS, printable)
          --lang L         labels in sv (default), fi or en; the programme's own texts stay as written
          --as-of DATE     the day overdue reports and action items are judged against (default today)
          --output FILE    write to FILE instead of stdout

        Exit codes: 0 written, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: name, options: ["data", "year", "format", "lang", "as-of", "output"], flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        guard let year = try arguments.integer("year", in: 1900...2200) else {
            throw CLIError.usage("--year is required", command: name)
        }
        let format = arguments.value("format") ?? "md"
        guard ["md", "html"].contains(format) else {
            throw CLIError.usage("--format must be md or html, not '\(format)'", command: name)
        }
        let languageText = arguments.value("lang") ?? "sv"
        guard let language = Localization.Language(rawValue: languageText) else {
            throw CLIError.usage("--lang must be sv, fi or en, not '\(languageText)'", command: name)
        }
        var asOf = ViewText.today()
        if let text = arguments.value("as-of") {
            guard let date = CalendarDate(text) else {
                throw CLIError.usage("--as-of must be a date YYYY-MM-DD, not '\(text)'", command: name)
            }
            asOf = date
        }
        let (log, store) = try NodeViews.open(directory)
        defer { log.close() }
        let snapshot = WebSnapshot(
            node: log.identity.origin.description, municipality: log.identity.municipality,
            programme: try store.programme(), followUp: try store.followUp(), meetings: try store.meetings(),
            digests: try store.digests())
        let query = WebQuery(language: language, asOf: asOf, year: Int(year))
        let document = FollowUpReport.document(snapshot, year: Int(year), query)
        let text = format == "html" ? document.html : document.markdown
        if let output = arguments.value("output") {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                throw CLIError(code: .storage, message: "cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
