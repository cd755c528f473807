import EventLog
import EventModel
import Foundation
import Security

/// `samverkan restore`: a node from a backup, as a new incarnation.
enum RestoreCommand: Command {
    static let name = "restore"
    static let summary = "restore a node from a backup as a new incarnation"
    static let help = """
        Usage: samverkan restore --from FILE --data DIR [--genesis FILE]

        Restores the backup FILE into DIR, which must not hold a node (stop the old node and move
        its directory away first). Verifies every chain, then starts a NEW INCARNATION of the node:
        a new origin, so no sequence number it gave out before the backup or after it is ever
        reused. Start it with `samverkan serve`; it catches up from its peers, the events of its
        own earlier incarnation included. In a secured region give --genesis: the restored node gets a
        NEW node key (printed), to be enrolled for its new origin like any new node.
        Exit codes: 0 restored, 1 the backup fails verification, 2 usage, 4 DIR holds a node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["from", "data", "genesis"], flags: [])
        try arguments.noPositionals()
        let source = try arguments.required("from")
        let directory = try arguments.required("data")
        let path = (directory as NSString).appendingPathComponent(EventLog.fileName)
        guard FileManager.default.fileExists(atPath: source) else {
            throw CLIError(code: .refusedInput, message: "no backup at \(source)")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CLIError(
                code: .nodeState,
                message: "\(directory) already holds a node; restore into an empty directory (stop the node and move its directory away first)")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: path)
        do {
            let log = try NodeCatalog.open(directory)
            let report = try log.verify()
            guard report.isSound else {
                log.close()
                throw CLIError(code: .faultsFound, message: "the backup fails verification: \(report.faults.first ?? "")")
            }
            let previous = log.identity.origin
            let identity = try log.startNewIncarnation()
            log.close()
            var output: [String: JSONValue] = [
                "data": .string(directory), "previousOrigin": .string(previous.description),
                "origin": .string(identity.origin.description), "events": .number(JSONNumber(report.eventCount)),
            ]
            if let genesisPath = arguments.value("genesis") {
                var genesis: RegionGenesis?
                try SecurityCLI.run { genesis = try RegionGenesis(contentsOfFile: genesisPath) }
                let key = try InitCommand.installSecurity(genesis!, directory: directory, identity: identity)
                output["publicKey"] = .string(key.hex)
                output["region"] = .string(genesis!.id.hex)
            }
            Output.json(.object(output))
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }
}
