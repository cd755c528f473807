import EventModel
import Security

/// `samverkan municipality keygen`: makes a municipality's root key pair, to be kept off every node.
enum MunicipalityCommand: Command {
    static let name = "municipality"
    static let summary = "make a municipality's root key pair (kept offline)"
    static let help = """
        Usage: samverkan municipality keygen --out FILE

        Makes an Ed25519 root key pair with libcrypto. The private key goes to FILE (PEM, mode 0600;
        an existing file is never replaced), the public key to FILE.pub as 64 hex digits. Keep FILE
        off the nodes, e.g. on an encrypted USB stick in the administrator's safe: whoever holds it can
        enrol nodes for the municipality. Give FILE.pub to whoever runs `samverkan region create`.

        Prints {"publicKey": "<hex>", "privateKeyFile": FILE, "publicKeyFile": FILE.pub}.
        Exit codes: 0 made, 2 usage, 6 file could not be written (or exists).
        """

    static func run(_ words: [String]) throws {
        let (_, rest) = try SecurityCLI.subcommand(words, of: name, choices: ["keygen"])
        let arguments = try Arguments(rest, command: name, options: ["out"], flags: [])
        try arguments.noPositionals()
        let out = try arguments.required("out")
        let key = try makeRootKey(out: out)
        Output.json([
            "publicKey": .string(key.publicKey.hex), "privateKeyFile": .string(out),
            "publicKeyFile": .string(out + ".pub"),
        ])
    }

    /// Makes a root key pair: the private key to `out` (PEM, 0600, never replacing a file), the public key to
    /// `out.pub` as hex. The demo makes its region's roots with it, as an administrator would with the command.
    static func makeRootKey(out: String) throws -> SigningKey {
        var made: SigningKey?
        try SecurityCLI.run {
            let key = try SigningKey()
            try KeyFile.save(key, to: out)
            try KeyFile.savePublic(key.publicKey, to: out + ".pub")
            made = key
        }
        return made!
    }
}
