import Domain
import EventLog
import EventModel
import Foundation
import Node
import Replication

/// `samverkan sync`: one-shot sync with a peer, for a laptop that comes back online.
enum SyncCommand: Command {
    static let name = "sync"
    static let summary = "sync once with a peer in both directions until both are caught up"
    static let help = """
        Usage: samverkan sync --data DIR --peer URL [--quiet]

        Pulls what this node lacks and pushes what the peer lacks, page by page, until both hold the
        same events of the channels they share. Shows progress (events done, remaining, rate) and
        ends with a summary. Works while this node is also being served.

          --peer URL   the peer, e.g. http://127.0.0.1:7300
          --quiet      only the summary

        Exit codes: 0 both caught up, 1 not caught up (a chain stopped or the peer is behind; the
        summary says why), 2 usage, 4 no node, 6 storage or the peer is unreachable.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data", "peer"], flags: ["quiet"])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        let peerText = try arguments.required("peer")
        guard let url = URL(string: peerText), url.scheme == "http", url.host != nil else {
            throw CLIError.usage("--peer must be an http:// URL", command: name)
        }
        let quiet = arguments.flag("quiet")
        let session = try OneShotSync(directory: directory, url: url)
        defer { session.close() }
        let summary: OneShotSync.Summary
        do {
            summary = try session.run { progress in
                if !quiet { Output.progress(progress.line) }
            }
        } catch let error as ReplicationError {
            throw CLIError(code: .storage, message: "sync with \(peerText) failed: \(error)")
        }
        if !quiet { Output.progress(nil) }
        Output.line(summary.line)
        for stop in summary.stoppedChains { Output.line("stopped: \(stop)") }
        for fork in summary.forks { Output.line("fork: \(fork)") }
        if !summary.isCaughtUp {
            throw CLIError(code: .faultsFound, message: "not caught up with \(peerText)")
        }
    }
}
