import EventLog
import EventModel

/// `samverkan verify`: re-checks every hash chain and SQLite's integrity.
enum VerifyCommand: Command {
    static let name = "verify"
    static let summary = "re-check every hash chain, the vector and SQLite's integrity"
    static let help = """
        Usage: samverkan verify --data DIR [--json]

        Re-hashes every stored event, checks that each chain is gapless and linked, that the vector
        matches the events, and runs SQLite's integrity_check.

          --json   print the report as JSON

        Exit codes: 0 sound, 1 faults found (listed on stdout), 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data"], flags: ["json"])
        try arguments.noPositionals()
        let log = try NodeCatalog.open(try arguments.required("data"))
        defer { log.close() }
        let report = try log.verify()
        if arguments.flag("json") {
            Output.json([
                "sound": .bool(report.isSound), "events": .number(JSONNumber(report.eventCount)),
                "chains": .number(JSONNumber(report.chainCount)), "faults": .array(report.faults.map { .string($0) }),
            ])
        } else if report.isSound {
            Output.line("sound: \(report.eventCount) events in \(report.chainCount) chains; integrity_check ok")
        } else {
            report.faults.forEach { Output.line("fault: \($0)") }
        }
        if !report.isSound {
            throw CLIError(code: .faultsFound, message: "\(report.faults.count) fault(s) found in \(arguments.value("data")!)")
        }
    }
}
