import Domain
import EventLog
import EventModel
import Foundation
import Node
import Security

/// `samverkan case …`: caseworkers' case work on the node's own files — open, record steps, read,
/// list what is due, erase, export — with personal fields sealed per person and every read logged.
enum CaseCommand: Command {
    static let name = "case"
    static let summary = "open and record cases, list what is due, read, erase and export (caseworkers)"
    static var help: String {
        let steps = CaseStep.allCases.filter { $0 != .opened }.map { step in
            "  " + step.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
                + CaseDraft.fields(for: step).dropFirst().map { "--\($0)" }.joined(separator: " ")
        }
        return """
            Usage: samverkan case open   --data DIR --grounds G --name NAME [--on DATE] [--birth-date DATE]
                                         [--languages "ar, sv"] [--first-permit-date DATE] [--interpreter-needed yes|no]
                                         [--caseworker NAME] [--note TEXT]
                   samverkan case step STEP --data DIR --case ID [--on DATE] [options of the step]
                   samverkan case list   --data DIR [--as-of DATE] [--mine]
                   samverkan case show   --data DIR --case ID --purpose TEXT
                   samverkan case erase  --data DIR --case ID [--on DATE]
                   samverkan case export --data DIR --format json|csv --purpose TEXT [--out FILE]
                   samverkan case access --data DIR [--case ID]
                   samverkan case restore-keys --data DIR --from KEYFILE
                   samverkan case publish --data DIR [--as-of DATE]
                   samverkan case retention --data DIR [--as-of DATE] [--dry-run]
            Every form takes --user NAME (default: $SAMVERKAN_AUTHOR, then $USER).

            Case events stay in the municipality's own channel on opaque ids (case/…). Name, birth date,
            languages, permit date, notes, outcomes and reasons are encrypted under the person's own key,
            kept in DIR/keys.sqlite, never in the log; `erase` destroys that key on every node of the
            municipality. `show` and `export` record who read which case and why (see `case access`).
            `restore-keys` puts back a key store saved by `backup --keys-to` (node stopped) and at once destroys
            every key the log's erasures name. `publish` sends the municipality's case counts of each completed
            year to the region, counts from 1 to cases.suppressionThreshold − 1 only as "<5"; `retention` erases
            cases past cases.retainClosedMonths / cases.retainInactiveMonths (samverkan.json). A node with
            cases.publishCounts or a retention setting runs them itself at start and hourly while it serves.
            On a node with named users (DIR/users.json) the user must be a caseworker or admin of this
            municipality and write their secret on standard input.

            Grounds: \(CaseGrounds.allCases.map(\.rawValue).joined(separator: ", "))
            Steps and their options (each also takes --on DATE and --note TEXT):
            \(steps.joined(separator: "\n"))
              --by is municipality or employment_authority; --to is language_training, civic_orientation or other

            Exit codes: 0 done, 2 usage, 3 refused input, 4 no node or no such case, 5 access refused, 6 storage.
            """
    }

    static let subcommands = [
        "open", "step", "list", "show", "erase", "export", "access", "restore-keys", "publish", "retention",
    ]

    static func run(_ words: [String]) throws {
        let (sub, rest) = try SecurityCLI.subcommand(words, of: name, choices: subcommands)
        switch sub {
        case "open", "step": try CaseWork.record(sub, rest)
        case "erase": try CaseWork.erase(rest)
        case "list": try CaseReading.list(rest)
        case "show": try CaseReading.show(rest)
        case "export": try CaseReading.export(rest)
        case "restore-keys": try CaseWork.restoreKeys(rest)
        case "publish", "retention": try CaseWork.job(sub, rest)
        default: try CaseReading.access(rest)
        }
    }
}

/// CaseSession is one case command's node and user: the log, the desk and who is acting.
struct CaseSession {
    let log: EventLog
    let desk: CaseDesk
    let user: String
    let role: String

    /// Opens the node in `--data` and establishes the user; on a node with named users the user must be
    /// a caseworker or admin of this municipality and prove it with the secret on standard input.
    static func open(_ arguments: Arguments) throws -> CaseSession {
        let directory = try arguments.required("data")
        let environment = ProcessInfo.processInfo.environment
        let name = arguments.value("user") ?? environment["SAMVERKAN_AUTHOR"] ?? environment["USER"] ?? "cli"
        let users = try UserStoreFile.load(directory: directory)
        let log = try NodeCatalog.open(directory)
        do {
            var role = "operator"
            if !users.users.isEmpty {
                guard let user = users.authenticate(name: name, secret: try SecurityCLI.secretFromStandardInput())
                else { throw CLIError(code: .conflict, message: "unknown user or wrong secret") }
                if case .denied(let reason) = RolePolicy.mayRead(user, channel: .municipality(log.identity.municipality)) {
                    throw CLIError(code: .conflict, message: reason)
                }
                role = user.role.rawValue
            }
            return CaseSession(log: log, desk: try CaseDesk(directory: directory, log: log), user: name, role: role)
        } catch {
            log.close()
            throw error
        }
    }

    func close() {
        desk.keys.close()
        log.close()
    }

    /// The case named by `--case`, as `case/ID` or just `ID`.
    static func stream(_ arguments: Arguments) throws -> StreamID {
        let text = try arguments.required("case")
        let full = text.hasPrefix("case/") ? text : "case/" + text
        guard let stream = StreamID(full), full.split(separator: "/").count == 2 else {
            throw CLIError(code: .refusedInput, message: "'\(text)' is not a case id")
        }
        return stream
    }

    static func date(_ arguments: Arguments, _ name: String) throws -> CalendarDate? {
        guard let text = arguments.value(name) else { return nil }
        guard let date = CalendarDate(text) else {
            throw CLIError(code: .refusedInput, message: "--\(name) must be a date YYYY-MM-DD, not '\(text)'")
        }
        return date
    }

    static func mapped(_ error: Error) -> Error {
        if let error = error as? CaseDeskError {
            switch error {
            case .noSuchCase: return CLIError(code: .nodeState, message: error.description)
            default: return CLIError(code: .refusedInput, message: error.description)
            }
        }
        if let error = error as? RecordFieldError {
            return CLIError(code: .refusedInput, message: "--\(error.field) \(error.reason)")
        }
        return error
    }
}
