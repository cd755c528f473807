import Domain
import EventModel

/// RecordKind is one thing a coordinator records: its options, and (through `RecordBuilders`, shared with the
/// web forms) how they become an event.
struct RecordKind: Sendable {
    /// What to write: the type, the type used instead when the item exists, the stream and the payload.
    typealias Draft = RecordDraft

    let name: String
    let usage: String
    let options: Set<String>

    static let programmeID = RecordBuilders.programmeID

    /// The draft of this kind from the command's options; a mistake is a usage error naming the option.
    func build(_ input: RecordInput) throws -> Draft {
        var values: [String: String] = [:]
        for option in options { values[option] = input.arguments.value(option) }
        let command = input.arguments.command
        let draft: Draft?
        do {
            draft = try RecordBuilders.draft(name, RecordValues(values, ownMunicipality: input.identity.municipality))
        } catch {
            let reason = error.problem == .municipality ? "must be a member code: \(ViewText.memberList)" : error.reason
            throw CLIError.usage("--\(error.field) \(reason)", command: command)
        }
        guard let draft else { throw CLIError.usage("cannot record '\(name)'", command: command) }
        return draft
    }

    static let all: [RecordKind] = [
        RecordKind(
            name: "figure",
            usage:
                "--indicator ID --year Y [--value N] [--participants N] [--done yes|no] [--reference TEXT] [--note TEXT] [--municipality CODE]",
            options: ["indicator", "year", "value", "participants", "done", "reference", "note", "municipality"]),
        RecordKind(
            name: "target",
            usage: "--indicator ID --year Y [--min N] [--max N] [--note TEXT] [--municipality CODE] [--programme ID]",
            options: ["indicator", "year", "min", "max", "note", "municipality", "programme"]),
        RecordKind(
            name: "programme-target",
            usage: "--indicator ID [--year Y] [--min N] [--max N] [--note TEXT] [--programme ID]",
            options: ["indicator", "year", "min", "max", "note", "programme"]),
        meetingKind("meeting", "--date YYYY-MM-DD --place TEXT [--host CODE] [--title TEXT]", ["date", "place", "host", "title"]),
        meetingKind(
            "attendance", "--present yes|no [--persons N] [--note TEXT] [--municipality CODE]",
            ["present", "persons", "note", "municipality"]),
        meetingKind("agenda-item", "--item ID --order N --title TEXT [--note TEXT]", ["item", "order", "title", "note"]),
        meetingKind("minutes", "--text TEXT", ["text"]),
        meetingKind("decision", "--item ID --text TEXT", ["item", "text"]),
        meetingKind("action-item", "--item ID --text TEXT --owner CODE --due YYYY-MM-DD", ["item", "text", "owner", "due"]),
        meetingKind("action-done", "--item ID --date YYYY-MM-DD [--note TEXT]", ["item", "date", "note"]),
        meetingKind("held", "--date YYYY-MM-DD", ["date"]),
        meetingKind("cancelled", "[--reason TEXT]", ["reason"]),
        RecordKind(
            name: "approval",
            usage: "--date YYYY-MM-DD --body TEXT --decision REF [--note TEXT] [--municipality CODE] [--programme ID]",
            options: ["date", "body", "decision", "note", "municipality", "programme"]),
        RecordKind(
            name: "gathering",
            usage:
                "--gathering ID --date YYYY-MM-DD --place TEXT --title TEXT [--host CODE] [--participants N] [--note TEXT]",
            options: ["gathering", "date", "place", "title", "host", "participants", "note"]),
    ]

    /// A kind recorded on a joint meeting: `--meeting ID` plus its own options.
    static func meetingKind(_ name: String, _ usage: String, _ options: Set<String>) -> RecordKind {
        RecordKind(name: name, usage: "--meeting ID " + usage, options: options.union(["meeting"]))
    }
}
