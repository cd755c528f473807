import EventModel
import Security

/// `samverkan revoke`: signs a revocation with a municipality's root key, as a payload to append.
enum RevokeCommand: Command {
    static let name = "revoke"
    static let summary = "sign a node's revocation with the municipality's root key"
    static let help = """
        Usage: samverkan revoke --genesis FILE --root-key FILE --origin NODE.INCARNATION --municipality CODE
                                (--through CHANNEL=SEQ... | --from-start)

        Signs the statement "ORIGIN writes no more; its events stay valid only up to SEQ in each
        listed CHANNEL" and prints the payload of a trust.node_revoked event as one JSON line, to
        append on any node (channel region, stream trust/ORIGIN, type trust.node_revoked). Events of
        the origin past those positions, and in channels not listed, are refused on every node that
        holds the revocation; its requests are refused at once. Take the positions from a trusted
        node's vector (`samverkan vector`); --from-start trusts none of the origin's events.

          --through CH=SEQ   keep events up to SEQ of channel CH (region or municipality/CODE); repeatable
          --from-start       keep none

        Exit codes: 0 signed, 2 usage, 3 bad input or a root key that is not the member's,
        4 root key file readable by others.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: name, options: ["genesis", "root-key", "origin", "municipality", "through"],
            flags: ["from-start"])
        try arguments.noPositionals()
        var through: [Channel: Int64] = [:]
        for item in arguments.all("through") {
            guard let equals = item.lastIndex(of: "="), let channel = Channel(item[..<equals]),
                let seq = Int64(item[item.index(after: equals)...]), seq >= 1, through[channel] == nil
            else {
                throw CLIError.usage("--through takes CHANNEL=SEQ once per channel, e.g. region=120", command: name)
            }
            through[channel] = seq
        }
        guard through.isEmpty == arguments.flag("from-start") else {
            throw CLIError.usage("give either --through CHANNEL=SEQ or --from-start", command: name)
        }
        try SecurityCLI.run {
            let genesis = try RegionGenesis(contentsOfFile: try arguments.required("genesis"))
            let code = try SecurityCLI.municipality(try arguments.required("municipality"))
            let root = try RootKey.load(try arguments.required("root-key"), municipality: code, genesis: genesis)
            let revocation = Revocation.make(
                region: genesis.id, origin: try SecurityCLI.origin(try arguments.required("origin")),
                municipality: code,
                through: through, rootKey: root)
            Output.json(revocation.payload)
        }
    }
}
