import Domain
import EventLog
import EventModel
import Node
import Projections

/// `samverkan digest`: prints the SHA-256 digest of a view, to compare nodes.
enum DigestCommand: Command {
    static let name = "digest"
    static let summary = "print the digest of a view (same events, same digest on every node)"
    static let help = """
        Usage: samverkan digest programme|followup|meetings|cases --data DIR

        Catches the stored views up with the log and prints the view's digest: the SHA-256 of its
        canonical JSON (`samverkan view VIEW --format json`), as 64 hex digits. Nodes holding the same
        region events print the same digest, whatever order the events arrived in. `cases` is the
        municipality's case view (steps, dates and clear fields, never a personal field): equal on the
        nodes of one municipality that hold the same case events.

        Exit codes: 0 printed, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data"], flags: [])
        if arguments.positionals == ["cases"] {
            let log = try NodeCatalog.open(try arguments.required("data"))
            defer { log.close() }
            let book = try CaseDesk.book(log: log)
            Output.line(EventHash.sha256(CanonicalJSON.encode(book.canonicalJSON)).hex)
            return
        }
        guard arguments.positionals.count == 1, let view = ViewName(rawValue: arguments.positionals[0]) else {
            throw CLIError.usage("name one view: programme, followup, meetings or cases", command: name)
        }
        let (log, store) = try NodeViews.open(try arguments.required("data"))
        defer { log.close() }
        Output.line(try store.snapshot(view).digest.hex)
    }
}
