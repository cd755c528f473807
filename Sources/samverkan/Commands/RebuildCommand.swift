import EventModel
import Projections

/// `samverkan rebuild`: drops the stored views and folds the whole log again.
enum RebuildCommand: Command {
    static let name = "rebuild"
    static let summary = "rebuild every view from the log and print the digests"
    static let help = """
        Usage: samverkan rebuild --data DIR

        Empties the stored views and their checkpoint, folds every event of the log again in one transaction,
        and prints one JSON line: the digest of each view and the counts of events folded, skipped
        (not valid here) and flagged (stored flagged at ingest). Safe while the node serves; readers see
        the views complete again once it finishes.

        Exit codes: 0 rebuilt, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data"], flags: [])
        try arguments.noPositionals()
        let (log, store) = try NodeViews.open(try arguments.required("data"), catchUp: false)
        defer { log.close() }
        let total = try log.lastInsertionID()
        let report = try store.rebuild(log: log) { step in
            Output.progress("rebuilding views: \(step.checkpoint) of \(total) events")
        }
        Output.progress(nil)
        var digests: [String: JSONValue] = [:]
        for (view, digest) in try store.digests() { digests[view.rawValue] = .string(digest.hex) }
        Output.json([
            "digests": .object(digests), "folded": .number(JSONNumber(report.folded)),
            "skipped": .number(JSONNumber(report.skipped)), "flagged": .number(JSONNumber(report.flagged)),
            "checkpoint": .number(JSONNumber(report.checkpoint)),
        ])
    }
}
