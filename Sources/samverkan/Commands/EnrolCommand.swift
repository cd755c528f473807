import EventModel
import Security

/// `samverkan enrol`: signs an enrolment with a municipality's root key, as a payload to append.
enum EnrolCommand: Command {
    static let name = "enrol"
    static let summary = "sign a node's enrolment with the municipality's root key"
    static let help = """
        Usage: samverkan enrol --genesis FILE --root-key FILE --node-key PUB --origin NODE.INCARNATION
                               --municipality CODE

        Signs the statement "in this region, ORIGIN writes with key PUB for municipality CODE" with
        the root private key (run this where the root key is kept, not on a node), and prints the
        payload of a trust.node_enrolled event as one JSON line. Append it on any node of the region:

          samverkan enrol ... > enrol.json
          samverkan append --data DIR --channel region --stream trust/ORIGIN \\
                           --type trust.node_enrolled < enrol.json

          --genesis FILE       the region genesis (the statement names its id)
          --root-key FILE      the municipality's root private key (mode 0600)
          --node-key PUB       the node's public key: 64 hex digits (from `samverkan key show`) or a file
          --origin O           the node's origin, e.g. krs-laptop.1 (each incarnation is enrolled anew)
          --municipality CODE  the node's municipality; the root key must be this member's

        Exit codes: 0 signed, 2 usage, 3 bad input or a root key that is not the member's,
        4 root key file readable by others.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: name, options: ["genesis", "root-key", "node-key", "origin", "municipality"], flags: [])
        try arguments.noPositionals()
        try SecurityCLI.run {
            let genesis = try RegionGenesis(contentsOfFile: try arguments.required("genesis"))
            let code = try SecurityCLI.municipality(try arguments.required("municipality"))
            let root = try RootKey.load(try arguments.required("root-key"), municipality: code, genesis: genesis)
            let enrolment = Enrolment.make(
                region: genesis.id, origin: try SecurityCLI.origin(try arguments.required("origin")),
                municipality: code,
                key: try SecurityCLI.publicKey(try arguments.required("node-key")), rootKey: root)
            Output.json(enrolment.payload)
        }
    }

    /// Signs the enrolment of `origin` writing with `nodeKey` for `municipality`, with the root key in
    /// `rootKeyFile`, which must be the one the genesis lists for the municipality (what `run` prints, for
    /// callers in this process such as the demo).
    static func enrolment(
        genesis: RegionGenesis, rootKeyFile: String, origin: Origin, municipality: MunicipalityCode,
        nodeKey: PublicKey
    ) throws -> Enrolment {
        var made: Enrolment?
        try SecurityCLI.run {
            let root = try RootKey.load(rootKeyFile, municipality: municipality, genesis: genesis)
            made = Enrolment.make(
                region: genesis.id, origin: origin, municipality: municipality, key: nodeKey, rootKey: root)
        }
        return made!
    }
}

/// RootKey loads a root private key and checks it is the one the genesis lists for the municipality.
enum RootKey {
    static func load(_ path: String, municipality: MunicipalityCode, genesis: RegionGenesis) throws -> SigningKey {
        let key = try KeyFile.load(path)
        guard let member = genesis.member(municipality) else {
            throw CLIError(code: .refusedInput, message: "municipality \(municipality) is not a member of this region")
        }
        guard member.rootKey == key.publicKey else {
            throw CLIError(
                code: .refusedInput,
                message: "\(path) is not the root key of municipality \(municipality) in this genesis "
                    + "(its public key is \(key.publicKey.short)…, the genesis lists \(member.rootKey.short)…)")
        }
        return key
    }
}
