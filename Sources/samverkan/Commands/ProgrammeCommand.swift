import Domain
import EventLog
import EventModel
import Foundation

/// `samverkan programme import`: writes the programme's events, skipping those the log already holds.
enum ProgrammeCommand: Command {
    static let name = "programme"
    static let summary = "import the integration programme (the shipped 2023–2025 one, or a file)"
    static let help = """
        Usage: samverkan programme import --data DIR [FILE] [--author NAME]

        Turns a programme into events in the region channel: the header, its areas, indicators, the
        programme's own targets and every measure with its texts verbatim. Without FILE, imports the
        shipped 2023–2025 programme; FILE is a programme in the same JSON format
        (Sources/Domain/Resources/programme-2023-2025.json). Importing twice changes nothing: events
        whose stream and payload the log already holds are skipped. All new events are written in one
        transaction.

          --data DIR      the node's data directory
          --author NAME   who writes (default: $SAMVERKAN_AUTHOR, then $USER)

        Prints one JSON line: the programme id, events written and events already present.
        Exit codes: 0 imported, 2 usage, 3 unreadable or invalid file, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["data", "author"], flags: [])
        guard let action = arguments.positionals.first, action == "import", arguments.positionals.count <= 2 else {
            throw CLIError.usage("the only action is `programme import [FILE]`", command: name)
        }
        let directory = try arguments.required("data")
        let programme: ProgrammeData
        do {
            programme =
                if arguments.positionals.count == 2 {
                    try ProgrammeData.load(from: URL(fileURLWithPath: arguments.positionals[1]))
                } else { try ProgrammeData.load() }
        } catch {
            throw CLIError(code: .refusedInput, message: "\(error)")
        }
        let author = try RecordSupport.author(arguments)
        let events = try ProgrammeImport.events(programme: programme, author: author)
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        var present: Set<ProgrammeImport.Key> = []
        for stream in Set(events.map(\.stream)) {
            var after: Int64 = 0
            while true {
                let page = try log.events(
                    matching: LogFilter(channel: .region, stream: stream), after: after, limit: 1000)
                for stored in page where stored.flag == nil { present.insert(ProgrammeImport.Key(stored.event)) }
                guard let last = page.last, page.count == 1000 else { break }
                after = last.insertionID
            }
        }
        let missing = ProgrammeImport.missing(events, present: present)
        _ = try log.append(missing)
        Output.json([
            "programme": .string(programme.programme), "written": .number(JSONNumber(missing.count)),
            "present": .number(JSONNumber(events.count - missing.count)),
        ])
    }
}
