import Dispatch
import EventModel
import Foundation
import HTTP
import Node
import Security

/// `samverkan serve`: runs the node's HTTP API and syncs with its peers until SIGINT or SIGTERM.
enum ServeCommand: Command {
    static let name = "serve"
    static let summary = "serve the node's HTTP API and keep it in sync with its peers"
    static let help = """
        Usage: samverkan serve --data DIR [--listen HOST:PORT] [--peer URL]...

        Serves the node's /v1 API (docs/API.md) and syncs with every peer: pulls what this node
        lacks, pushes what a peer lacks, and long-polls for new events. Runs until SIGINT or
        SIGTERM, then stops accepting, finishes requests in flight and closes the log cleanly.

          --listen HOST:PORT   address to listen on (default 127.0.0.1:7300; port 0 picks a free one)
          --peer URL           a peer, e.g. http://127.0.0.1:7301 (repeatable; kept in the node's configuration)

        The first line on stdout is the base URL the node listens on, e.g. http://127.0.0.1:7300.
        Requests are logged to stderr as one JSON line each. With DIR/genesis.json and DIR/node.key the node
        runs secured (docs/SECURITY.md); without a genesis it warns that it runs in open mode, unauthenticated.
        Exit codes: 0 stopped cleanly, 2 usage, 4 no node, 6 storage or the address is taken.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data", "listen", "peer"], flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        let configuration = try ConfigCommand.effective(directory: directory, arguments: arguments)
        var settings = configuration.settings
        settings.http.logSink = ServeCommand.logSink(level: configuration.logLevel)
        if settings.host != "127.0.0.1" && settings.host != "localhost" {
            Output.error("warning: listening on \(settings.host), not loopback: put TLS in front (docs/OPERATIONS.md)")
        }
        let runtime: NodeRuntime
        do { runtime = try NodeRuntime(directory: directory, settings: settings) } catch let error as SecurityError {
            switch error {
            case .keyFileTooOpen: throw CLIError(code: .nodeState, message: "the node does not start: \(error)")
            default: throw CLIError(code: .nodeState, message: "the node does not start: security: \(error)")
            }
        }
        if !runtime.isSecured {
            let line: JSONValue = [
                "level": "warn",
                "msg": .string(
                    "open mode: no region genesis in the data directory; requests are not authenticated and "
                        + "peers are not verified (docs/SECURITY.md: init --genesis)"),
            ]
            FileHandle.standardError.write(Data((CanonicalJSON.string(line) + "\n").utf8))
        }
        let port: Int
        do { port = try runtime.start() } catch {
            runtime.shutdown(graceSeconds: 0)
            throw CLIError(code: .storage, message: "cannot listen on \(settings.host):\(settings.port): \(error)")
        }
        Output.line("http://\(settings.host):\(port)")
        let stopped = DispatchSemaphore(value: 0)
        let trap = SignalTrap { _ in stopped.signal() }
        stopped.wait()
        trap.cancel()
        runtime.shutdown(graceSeconds: 5)
    }

    /// Request lines as JSON log lines with a level, dropped below `info`.
    static func logSink(level: NodeConfiguration.LogLevel) -> (@Sendable (String) -> Void)? {
        guard level >= .info else { return nil }
        return { line in
            let withLevel = line.hasPrefix("{") ? "{\"level\":\"info\",\"msg\":\"request\"," + line.dropFirst() : line
            HTTPServer.Configuration.writeLineToStandardError(withLevel)
        }
    }
}
