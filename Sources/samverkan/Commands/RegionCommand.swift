import EventModel
import Foundation
import Security

/// `samverkan region create|show`: writes or reads the region genesis.
enum RegionCommand: Command {
    static let name = "region"
    static let summary = "create or show the region genesis (members and root keys)"
    static let help = """
        Usage: samverkan region create --root CODE=PUBFILE... [--name NAME] --out FILE
               samverkan region show --genesis FILE

        create: writes the region genesis to FILE (never replacing one): the member municipalities,
        their Swedish and Finnish names and each one's root public key (from `samverkan municipality
        keygen`; PUBFILE holds 64 hex digits or a PEM public key, or give the hex itself). The file is
        canonical JSON; its SHA-256 is the region id. Copy the same file to every node.

          --root CODE=PUBFILE   a member and its root public key (repeat for each member)
          --name NAME           a name for people (default "Samverkan region")
          --out FILE            where to write the genesis

        show: checks a genesis and prints its id and members.

        Prints {"region": "<id>", "members": [...]}.
        Exit codes: 0 done, 2 usage, 3 bad code, key or genesis, 6 file could not be written.
        """

    static func run(_ words: [String]) throws {
        let (sub, rest) = try SecurityCLI.subcommand(words, of: name, choices: ["create", "show"])
        try SecurityCLI.run {
            if sub == "show" {
                let arguments = try Arguments(rest, command: name, options: ["genesis"], flags: [])
                try arguments.noPositionals()
                print(try RegionGenesis(contentsOfFile: try arguments.required("genesis")))
                return
            }
            let arguments = try Arguments(rest, command: name, options: ["root", "name", "out"], flags: [])
            try arguments.noPositionals()
            let out = try arguments.required("out")
            let roots = arguments.all("root")
            guard !roots.isEmpty else {
                throw CLIError.usage("give --root CODE=PUBFILE for each member", command: name)
            }
            var members: [RegionGenesis.Member] = []
            for root in roots {
                guard let equals = root.firstIndex(of: "=") else {
                    throw CLIError.usage("--root takes CODE=PUBFILE, e.g. 287=krs-root.key.pub", command: name)
                }
                let code = try SecurityCLI.municipality(String(root[..<equals]))
                let key = try SecurityCLI.publicKey(String(root[root.index(after: equals)...]))
                members.append(RegionGenesis.Member(code: code, rootKey: key))
            }
            print(try create(name: arguments.value("name") ?? "Samverkan region", members: members, out: out))
        }
    }

    /// Writes the genesis of a region of `members` to `out` (never replacing a file) and returns it.
    static func create(name: String, members: [RegionGenesis.Member], out: String) throws -> RegionGenesis {
        var made: RegionGenesis?
        try SecurityCLI.run {
            let genesis = try RegionGenesis(name: name, members: members)
            try KeyFile.writePublicFile(genesis.fileBytes, to: out)
            made = genesis
        }
        return made!
    }

    static func print(_ genesis: RegionGenesis) {
        Output.json([
            "region": .string(genesis.id.hex), "name": .string(genesis.name),
            "members": .array(
                genesis.members.map {
                    [
                        "code": .number(JSONNumber($0.code.rawValue)), "name": .string($0.swedishName),
                        "rootKey": .string($0.rootKey.hex),
                    ]
                }),
        ])
    }
}
