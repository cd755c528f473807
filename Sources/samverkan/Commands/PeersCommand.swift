import EventLog
import Foundation

/// `samverkan peers`: lists, adds and removes the peers kept in the node's configuration.
enum PeersCommand: Command {
    static let name = "peers"
    static let summary = "list, add or remove the node's configured peers"
    static let help = """
        Usage: samverkan peers --data DIR [--add URL]... [--remove URL]...

        Without options, lists the configured peers, one URL per line. `serve` syncs with each.
        Exit codes: 0 done, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data", "add", "remove"], flags: [])
        try arguments.noPositionals()
        let log = try NodeCatalog.open(try arguments.required("data"))
        defer { log.close() }
        for peer in arguments.all("add") {
            guard let url = URL(string: peer), url.scheme == "http", url.host != nil else {
                throw CLIError.usage("'\(peer)' is not an http:// URL", command: name)
            }
            try log.addPeer(peer)
        }
        for peer in arguments.all("remove") { try log.removePeer(peer) }
        for peer in try log.peers() { Output.line(peer) }
    }
}
