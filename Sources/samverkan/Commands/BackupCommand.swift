import EventLog
import EventModel
import Foundation
import Privacy

/// `samverkan backup`: a consistent copy of the node's log, taken while the node serves.
enum BackupCommand: Command {
    static let name = "backup"
    static let summary = "copy the node's log to a file while it serves (SQLite online backup)"
    static let help = """
        Usage: samverkan backup --data DIR --to FILE [--keys-to KEYFILE]

        Writes a consistent snapshot of the node's SQLite file to FILE with SQLite's online backup
        API. The node may keep serving and writing meanwhile. Refuses to overwrite an existing FILE.
        Restore it with `samverkan restore`, which starts a new incarnation of the node.
        --keys-to also writes the person-key store (DIR/keys.sqlite) to KEYFILE (mode 0600): keep it
        apart from the log backups. A restored key store is purged against the erasures in the log,
        so a person erased after the backup never comes back.
        Exit codes: 0 written, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data", "to", "keys-to"], flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        let target = try arguments.required("to")
        let keysTarget = arguments.value("keys-to")
        for file in [target] + (keysTarget.map { [$0] } ?? []) where FileManager.default.fileExists(atPath: file) {
            throw CLIError(code: .refusedInput, message: "\(file) exists; choose a new file name for the backup")
        }
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        let started = Date()
        do { try log.database.backup(to: target) } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
        if let keysTarget {
            let keys = try KeyStore(directory: directory)
            defer { keys.close() }
            try keys.backup(to: keysTarget)
        }
        let events = try log.vector().heads.values.map(\.seq).reduce(0, +)
        Output.json([
            "backup": .string(target), "node": .string(log.identity.origin.description),
            "events": .number(JSONNumber(events)),
            "seconds": .number(JSONNumber(jsonText: String(format: "%.3f", Date().timeIntervalSince(started)))!),
        ])
    }
}
