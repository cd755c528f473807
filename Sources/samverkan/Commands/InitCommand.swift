import EventLog
import EventModel
import Foundation
import Security

/// `samverkan init`: creates a node in a data directory.
enum InitCommand: Command {
    static let name = "init"
    static let summary = "create a node: its log, identity and first incarnation"
    static let help = """
        Usage: samverkan init --data DIR --node ID --municipality CODE [--genesis FILE] [--from-peer URL]

        Creates a node in DIR (made if missing): the SQLite event log with the node's identity and
        its first incarnation. Refuses a directory that already holds a node.

          --data DIR            the node's data directory
          --node ID             node id: lowercase letters, digits and inner hyphens, at most 40, e.g. krs-server
          --municipality CODE   member municipality: \(Municipality.members.map { "\($0.code) \($0.swedishName)" }.joined(separator: ", "))
          --genesis FILE        the region genesis (docs/SECURITY.md): copied to DIR/genesis.json, and the
                                node's Ed25519 key is made in DIR/node.key (0600). The node then runs secured:
                                it answers only signed requests of enrolled nodes. Enrol the printed
                                publicKey with `samverkan enrol`. Without it the node runs in open mode.
          --from-peer URL       fill the new node from a peer (a replacement server or a laptop), with progress;
                                run the same command again to resume after an interruption

        Prints the node's origin as JSON (with publicKey and region when secured). Exit codes: 0 created, 2 usage, 3 bad id or code, 4 already a node.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: name, options: ["data", "node", "municipality", "from-peer", "genesis"], flags: [])
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
        var genesis: RegionGenesis?
        if let path = arguments.value("genesis") {
            try SecurityCLI.run {
                let read = try RegionGenesis(contentsOfFile: path)
                guard read.member(code) != nil else {
                    throw CLIError(
                        code: .refusedInput, message: "the region genesis \(path) does not list municipality \(code)")
                }
                genesis = read
            }
        }
        if let peer = arguments.value("from-peer") {
            if let genesis { try installSecurity(genesis, directory: directory, identity: identity) }
            try Bootstrap.run(directory: directory, identity: identity, peer: peer)
            return
        }
        let log = try EventLog.create(directory: directory, identity: identity, validator: NodeCatalog.current)
        defer { log.close() }
        var output: [String: JSONValue] = [
            "node": .string(node.rawValue), "municipality": .number(JSONNumber(code.rawValue)),
            "origin": .string(identity.origin.description), "data": .string(directory),
        ]
        if let genesis {
            let key = try installSecurity(genesis, directory: directory, identity: identity)
            output["publicKey"] = .string(key.hex)
            output["region"] = .string(genesis.id.hex)
        }
        Output.json(.object(output))
    }

    /// Copies the genesis into the data directory and makes the node key (kept when one exists).
    @discardableResult
    static func installSecurity(_ genesis: RegionGenesis, directory: String, identity: NodeIdentity) throws -> PublicKey {
        var key: PublicKey?
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try SecurityCLI.run {
            let genesisPath = (directory as NSString).appendingPathComponent("genesis.json")
            if FileManager.default.fileExists(atPath: genesisPath) {
                guard try RegionGenesis(contentsOfFile: genesisPath).id == genesis.id else {
                    throw CLIError(code: .nodeState, message: "\(genesisPath) holds another region's genesis")
                }
            } else {
                try KeyFile.writePublicFile(genesis.fileBytes, to: genesisPath)
            }
            key = FileManager.default.fileExists(atPath: NodeKey.path(in: directory))
                ? try NodeKey.load(from: directory).publicKey : try NodeKey.create(in: directory).publicKey
        }
        return key!
    }
}
