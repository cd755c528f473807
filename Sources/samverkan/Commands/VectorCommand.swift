import EventLog
import EventModel

/// `samverkan vector`: prints the node's version vector.
enum VectorCommand: Command {
    static let name = "vector"
    static let summary = "print the version vector (per channel and origin: highest seq and its hash)"
    static let help = """
        Usage: samverkan vector --data DIR

        Prints the version vector as JSON: {"<channel>": {"<origin>": {"seq": N, "hash": "…"}}}.
        Sequences are gapless, so the vector says exactly which events the node holds.
        Exit codes: 0 printed, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data"], flags: [])
        try arguments.noPositionals()
        let log = try NodeCatalog.open(try arguments.required("data"))
        defer { log.close() }
        Output.json(try log.vector().jsonValue)
    }
}
