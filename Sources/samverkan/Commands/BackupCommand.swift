import EventLog
import EventModel
import Foundation

/// `samverkan backup`: a consistent copy of the node's log, taken while the node serves.
enum BackupCommand: Command {
    static let name = "backup"
    static let summary = "copy the node's log to a file while it serves (SQLite online backup)"
    static let help = """
        Usage: samverkan backup --data DIR --to FILE

        Writes a consistent snapshot of the node's SQLite file to FILE with SQLite's online backup
        API. The node may keep serving and writing meanwhile. Refuses to overwrite an existing FILE.
        Restore it with `samverkan restore`, which starts a new incarnation of the node.
        Exit codes: 0 written, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data", "to"], flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        let target = try arguments.required("to")
        guard !FileManager.default.fileExists(atPath: target) else {
            throw CLIError(code: .refusedInput, message: "\(target) exists; choose a new file name for the backup")
        }
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        let started = Date()
        do { try log.database.backup(to: target) } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
        let events = try log.vector().heads.values.map(\.seq).reduce(0, +)
        Output.json([
            "backup": .string(target), "node": .string(log.identity.origin.description),
            "events": .number(JSONNumber(events)),
            "seconds": .number(JSONNumber(jsonText: String(format: "%.3f", Date().timeIntervalSince(started)))!),
        ])
    }
}
