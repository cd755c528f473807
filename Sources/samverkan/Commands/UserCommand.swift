import EventModel
import Security

/// `samverkan user add|list|check|remove`: the node's named users and their roles.
enum UserCommand: Command {
    static let name = "user"
    static let summary = "manage the node's named users (admin, coordinator, caseworker)"
    static let help = """
        Usage: samverkan user add --data DIR --name NAME --role ROLE --municipality CODE
               samverkan user list --data DIR
               samverkan user check --data DIR --name NAME
               samverkan user remove --data DIR --name NAME

        Users live in DIR/users.json (mode 0600); secrets are stored only as salted PBKDF2-HMAC-SHA256
        hashes. add and check read the secret from standard input (one line, at least 10 characters),
        never from an option, so it stays out of the shell history and the process list.

          --name NAME          1–64 of a–z 0–9 . _ -, starting with a letter; recorded as the author of events
          --role ROLE          admin, coordinator or caseworker
          --municipality CODE  the municipality the user works for

        Roles: caseworkers and admins of a municipality write and read its case data; coordinators
        and admins write regional events; only admins append trust events and manage users.

        Exit codes: 0 done (check: the secret is right), 1 check: unknown user or wrong secret,
        2 usage, 3 bad name, role or secret, 6 file error.
        """

    static func run(_ words: [String]) throws {
        let (sub, rest) = try SecurityCLI.subcommand(words, of: name, choices: ["add", "list", "check", "remove"])
        let options: Set<String> =
            sub == "add" ? ["data", "name", "role", "municipality"] : sub == "list" ? ["data"] : ["data", "name"]
        let arguments = try Arguments(rest, command: name, options: options, flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        try SecurityCLI.run {
            var store = try UserStoreFile.load(directory: directory)
            switch sub {
            case "add":
                let roleText = try arguments.required("role")
                guard let role = Role(rawValue: roleText) else {
                    throw CLIError(
                        code: .refusedInput,
                        message: "'\(roleText)' is not a role; use admin, coordinator or caseworker")
                }
                let code = try SecurityCLI.municipality(try arguments.required("municipality"))
                let nameText = try arguments.required("name")
                let user = try add(
                    to: &store, directory: directory, name: nameText, role: role, municipality: code,
                    secret: try SecurityCLI.secretFromStandardInput())
                Output.json(describe(user))
            case "list":
                for user in store.sorted { Output.json(describe(user)) }
            case "check":
                let nameText = try arguments.required("name")
                guard let user = store.authenticate(name: nameText, secret: try SecurityCLI.secretFromStandardInput())
                else {
                    throw CLIError(code: .faultsFound, message: "unknown user or wrong secret")
                }
                Output.json(describe(user))
            default:
                let nameText = try arguments.required("name")
                guard store.remove(nameText) else {
                    throw CLIError(code: .refusedInput, message: "no user named '\(nameText)'")
                }
                try UserStoreFile.save(store, directory: directory)
                Output.json(["removed": .string(nameText)])
            }
        }
    }

    /// Adds a user to `store` (refusing a taken name or a short secret) and saves it in `directory`.
    static func add(
        to store: inout UserStore, directory: String, name: String, role: Role, municipality: MunicipalityCode,
        secret: String
    ) throws -> UserRecord {
        var added: UserRecord?
        try SecurityCLI.run {
            added = try store.add(name: name, role: role, municipality: municipality, secret: secret)
            try UserStoreFile.save(store, directory: directory)
        }
        return added!
    }

    static func describe(_ user: UserRecord) -> JSONValue {
        [
            "name": .string(user.name), "role": .string(user.role.rawValue),
            "municipality": .number(JSONNumber(user.municipality.rawValue)),
        ]
    }
}
