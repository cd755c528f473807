import EventModel
import Security

/// `samverkan key init|show`: the node's own Ed25519 key in its data directory.
enum KeyCommand: Command {
    static let name = "key"
    static let summary = "create or show the node's signing key"
    static let help = """
        Usage: samverkan key init --data DIR
               samverkan key show --data DIR

        init: makes the node's Ed25519 key pair with libcrypto in DIR/node.key (PEM, mode 0600);
        refuses when one exists. show: prints the public key, which the municipality's administrator
        enrols with `samverkan enrol --node-key <hex>`. Both refuse a key file that the group or
        others may read.

        Prints {"publicKey": "<hex>", "keyFile": "DIR/node.key"}.
        Exit codes: 0 done, 2 usage, 3 malformed key file, 4 key file readable by others, 6 file error.
        """

    static func run(_ words: [String]) throws {
        let (sub, rest) = try SecurityCLI.subcommand(words, of: name, choices: ["init", "show"])
        let arguments = try Arguments(rest, command: name, options: ["data"], flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        try SecurityCLI.run {
            let key = sub == "init" ? try NodeKey.create(in: directory) : try NodeKey.load(from: directory)
            Output.json(["publicKey": .string(key.publicKey.hex), "keyFile": .string(NodeKey.path(in: directory))])
        }
    }
}
