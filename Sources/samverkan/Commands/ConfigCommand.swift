import EventModel
import Foundation
import Node

/// `samverkan config show`: the effective configuration and where each value came from.
enum ConfigCommand: Command {
    static let name = "config"
    static let summary = "show the node's effective configuration and where each value came from"
    static let help = """
        Usage: samverkan config show --data DIR [--listen HOST:PORT] [--peer URL]...

        Reads DIR/\(NodeConfiguration.fileName) (optional), applies the flags given (as `serve` would),
        and prints each setting with its value and its source: default, file or flag. Settings:
        \(NodeConfiguration.keys.joined(separator: ", ")). An invalid file is refused with the line and the reason.
        Exit codes: 0 shown, 2 usage, 3 invalid configuration file.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data", "listen", "peer"], flags: [])
        guard arguments.positionals == ["show"] else {
            throw CLIError.usage("the only subcommand is `config show`", command: name)
        }
        let configuration = try effective(directory: try arguments.required("data"), arguments: arguments)
        Output.json(configuration.jsonValue)
    }

    /// The configuration `serve` runs with: the file, then the flags.
    static func effective(directory: String, arguments: Arguments) throws -> NodeConfiguration {
        var configuration: NodeConfiguration
        do { configuration = try NodeConfiguration.load(directory: directory) } catch let error as ConfigurationError {
            throw CLIError(code: .refusedInput, message: "invalid configuration: \(error)")
        }
        do {
            if let listen = arguments.value("listen") { try configuration.override("listen", with: .string(listen)) }
            let peers = arguments.all("peer")
            if !peers.isEmpty {
                try configuration.override("peers", with: .array((configuration.settings.peers + peers).map { .string($0) }))
            }
        } catch let error as ConfigurationError {
            throw CLIError.usage(error.reason, command: arguments.command)
        }
        return configuration
    }
}
