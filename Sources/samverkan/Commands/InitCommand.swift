import EventLog
import EventModel

/// `samverkan init`: creates a node in a data directory.
enum InitCommand: Command {
    static let name = "init"
    static let summary = "create a node: its log, identity and first incarnation"
    static let help = """
        Usage: samverkan init --data DIR --node ID --municipality CODE [--from-peer URL]

        Creates a node in DIR (made if missing): the SQLite event log with the node's identity and
        its first incarnation. Refuses a directory that already holds a node.

          --data DIR            the node's data directory
          --node ID             node id: lowercase letters, digits and inner hyphens, at most 40, e.g. krs-server
          --municipality CODE   member municipality: \(Municipality.members.map { "\($0.code) \($0.swedishName)" }.joined(separator: ", "))
          --from-peer URL       fill the new node from a peer (a replacement server or a laptop), with progress;
                                run the same command again to resume after an interruption

        Prints the node's origin as JSON. Exit codes: 0 created, 2 usage, 3 bad id or code, 4 already a node.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: name, options: ["data", "node", "municipality", "from-peer"], flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        let nodeText = try arguments.required("node")
        let codeText = try arguments.required("municipality")
        guard let node = NodeID(nodeText) else {
            throw CLIError(
                code: .refusedInput,
                message: "node id '\(nodeText)' is malformed: use 1–40 lowercase letters, digits and inner hyphens, starting with a letter")
        }
        guard let code = MunicipalityCode(text: codeText) else {
            let known = Municipality.members.map { "\($0.code) (\($0.swedishName))" }.joined(separator: ", ")
            throw CLIError(code: .refusedInput, message: "'\(codeText)' is not a member municipality; use one of \(known)")
        }
        let identity = NodeIdentity(node: node, municipality: code)
        if let peer = arguments.value("from-peer") {
            try Bootstrap.run(directory: directory, identity: identity, peer: peer)
            return
        }
        let log = try EventLog.create(directory: directory, identity: identity, validator: NodeCatalog.current)
        defer { log.close() }
        Output.json([
            "node": .string(node.rawValue), "municipality": .number(JSONNumber(code.rawValue)),
            "origin": .string(identity.origin.description), "data": .string(directory),
        ])
    }
}
