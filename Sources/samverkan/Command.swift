/// Command is one `samverkan` subcommand.
protocol Command: Sendable {
    /// The word that selects it.
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// The full `--help` text.
    static var help: String { get }
    /// Runs with the words after the command name.
    static func run(_ words: [String]) throws
}

enum Commands {
    static let all: [any Command.Type] =
        logCommands + nodeCommands + viewCommands + [CaseCommand.self] + operationsCommands + securityCommands

    static let logCommands: [any Command.Type] = [
        InitCommand.self, AppendCommand.self, LogCommand.self, VectorCommand.self, VerifyCommand.self,
    ]

    static var usage: String {
        var width = 0
        for command in all { width = max(width, command.name.count) }
        var lines: [String] = []
        for command in all {
            lines.append("  " + command.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary)
        }
        return """
            samverkan — the event log and sync engine of the joint integration programme

            Usage: samverkan COMMAND [OPTIONS]

            Commands:
            \(lines.joined(separator: "\n"))

            Run `samverkan COMMAND --help` for the options of a command.
            """
    }
}
