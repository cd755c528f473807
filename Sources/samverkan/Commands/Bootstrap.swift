import EventLog
import EventModel
import Foundation
import Node

/// Bootstrap fills a new node from a peer: `samverkan init … --from-peer URL`.
///
/// The vector is the checkpoint, committed with each page, so an interrupted bootstrap resumes
/// where it stopped when the same command runs again; memory holds one page at a time.
enum Bootstrap {
    static let settingKey = "bootstrap_from"

    static func run(directory: String, identity: NodeIdentity, peer: String) throws {
        guard let url = URL(string: peer), url.scheme == "http", url.host != nil else {
            throw CLIError.usage("--from-peer must be an http:// URL", command: InitCommand.name)
        }
        let path = (directory as NSString).appendingPathComponent(EventLog.fileName)
        if FileManager.default.fileExists(atPath: path) {
            let log = try NodeCatalog.open(directory)
            defer { log.close() }
            guard log.identity.node == identity.node, log.identity.municipality == identity.municipality,
                try log.nodeSetting(settingKey) == peer
            else {
                throw EventLogError.alreadyInitialised(path: directory, node: log.identity.node.rawValue)
            }
        } else {
            let log = try EventLog.create(directory: directory, identity: identity, validator: NodeCatalog.current)
            try log.setNodeSetting(settingKey, peer)
            log.close()
        }
        let session = try OneShotSync(directory: directory, url: url)
        let summary: OneShotSync.Summary
        do {
            summary = try session.run { Output.progress($0.line) }
            session.close()
        } catch {
            session.close()
            throw CLIError(code: .storage, message: "bootstrap from \(peer) stopped: \(error); run the same command again to resume")
        }
        Output.progress(nil)
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        if summary.isCaughtUp { try log.setNodeSetting(settingKey, nil) }
        Output.json([
            "node": .string(identity.node.rawValue), "origin": .string(log.identity.origin.description),
            "data": .string(directory), "pulled": .number(JSONNumber(summary.pulled)),
            "caughtUp": .bool(summary.isCaughtUp),
        ])
        if !summary.isCaughtUp {
            throw CLIError(code: .faultsFound, message: "not caught up with \(peer): \(summary.stoppedChains.joined(separator: "; "))")
        }
    }
}
