import Domain
import EventLog
import EventModel
import Foundation
import Projections
import Web

/// `samverkan view`: catches the stored views up with the log and prints one.
enum ViewCommand: Command {
    static let name = "view"
    static let summary = "print a regional view: programme, followup or meetings"
    static let help = """
        Usage: samverkan view programme|followup|meetings --data DIR [--year Y] [--municipality CODE]
                              [--as-of YYYY-MM-DD] [--format table|json|csv] [--excel] [--lang sv|fi|en]

        Folds the events the log holds beyond the views' checkpoint into the stored views, then prints one.

          programme             areas and measures verbatim, approvals, next review date
          followup              the follow-up of a year: each indicator per municipality, value, target,
                                status (met, below, above, reported, not reported) and the regional total
          meetings              joint meetings: schedule, status, attendance, agenda, minutes, decisions,
                                action items; and the yearly gatherings with other actors

          --data DIR            the node's data directory
          --year Y              followup: the year (default: the as-of year); programme and meetings:
                                only programmes covering Y, only meetings held in Y
          --municipality CODE   followup: only that municipality's cells; programme: its approval;
                                meetings: only action items it owns
          --as-of DATE          the day what depends on time is judged against (overdue, meetings held so
                                far); default today. Never part of the digest.
          --format F            table (default, for a terminal), json (the canonical view: exactly the bytes
                                the digest is taken over; filters do not apply) or csv (RFC 4180: ',' between
                                fields, CRLF, '"' quotes, a header row)
          --excel               CSV that opens in Excel with a Swedish or Finnish locale: UTF-8 with BOM, ';'
                                between fields, decimal commas
          --lang L              labels in sv (default), fi or en; the programme's own texts stay as written

        Exit codes: 0 printed, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: name, options: ["data", "year", "municipality", "as-of", "format", "lang"], flags: ["excel"])
        guard arguments.positionals.count == 1, let view = ViewName(rawValue: arguments.positionals[0]) else {
            throw CLIError.usage("name one view: programme, followup or meetings", command: name)
        }
        let directory = try arguments.required("data")
        let options = try ViewOptions(arguments)
        let (log, store) = try NodeViews.open(directory)
        defer { log.close() }
        if options.format == .json {
            Output.line(String(decoding: try store.snapshot(view).canonicalJSON, as: UTF8.self))
            return
        }
        let text: String
        // CSV rows come from the Web module, so a download from a page and from here are the same table.
        let query = options.webQuery
        switch (view, options.format) {
        case (.programme, .csv), (.programme, .excel):
            text = WebExport.programme(try store.programme(), query).encoded(options.csvDialect)
        case (.programme, _): text = ProgrammeRendering.table(try store.programme(), options)
        case (.followup, .csv), (.followup, .excel):
            let year = options.year ?? options.asOf.year
            text = WebExport.followUp(try store.followUp(), year: year, query).encoded(options.csvDialect)
        case (.followup, _): text = FollowUpRendering.table(try store.followUp(), options)
        case (.meetings, .csv), (.meetings, .excel):
            text = WebExport.meetings(try store.meetings(), query).encoded(options.csvDialect)
        case (.meetings, _): text = MeetingsRendering.table(try store.meetings(), options)
        }
        if options.format == .csv || options.format == .excel {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            Output.line(text)
        }
    }
}

/// NodeViews opens a node's log with its projection store, caught up with the log.
enum NodeViews {
    static func open(_ directory: String, catchUp: Bool = true) throws -> (EventLog, ProjectionStore) {
        let log = try NodeCatalog.open(directory)
        do {
            let store = try ProjectionStore(log: log, catalog: DomainCatalog.standard)
            if catchUp { try store.catchUp(log: log) }
            return (log, store)
        } catch {
            log.close()
            throw error
        }
    }
}
