import EventModel

/// `samverkan record KIND`: records what coordinators record, as one event in the region channel.
enum RecordCommand: Command {
    static let name = "record"
    static let summary = "record a figure, target, meeting, minutes, decision, action item or approval"
    static var help: String {
        let width = RecordKind.all.map(\.name.count).max() ?? 0
        let kinds = RecordKind.all.map {
            "  " + $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.usage
        }
        return """
            Usage: samverkan record KIND --data DIR [OPTIONS] [--author NAME]

            Writes one event in the region channel, validated strictly: a refusal names the field. When the
            item already holds versions (a figure reported before, minutes written before), the event lists
            them in `parents`, so it replaces them instead of standing beside them as a conflict; a figure
            that exists is written as a correction. Municipality options default to this node's own; a
            figure, target or approval for another municipality is refused (only its own nodes write them).

            \(kinds.joined(separator: "\n"))

              --author NAME   who records (default: $SAMVERKAN_AUTHOR, then $USER)
              dates are YYYY-MM-DD; yes/no also as ja/nej or kyllä/ei; the programme defaults to \(RecordKind.programmeID)

            Examples:
              samverkan record figure --data DIR --indicator befrienders --year 2024 --value 12
              samverkan record meeting --data DIR --meeting 2025-1 --date 2025-03-12 --place "Stadshuset"
              samverkan record action-item --data DIR --meeting 2025-1 --item a1 --text "Uppdatera guiden" \\
                  --owner 231 --due 2025-06-30

            Prints one JSON line: type, stream, origin, seq, hash and parents of the stored event.
            Exit codes: 0 stored, 2 usage, 3 refused input, 4 no node, 6 storage.
            """
    }

    static func run(_ words: [String]) throws {
        guard let kindName = words.first, !kindName.hasPrefix("--") else {
            throw CLIError.usage(
                "name what to record: \(RecordKind.all.map(\.name).joined(separator: ", "))", command: name)
        }
        guard let kind = RecordKind.all.first(where: { $0.name == kindName }) else {
            throw CLIError.usage(
                "cannot record '\(kindName)'; use one of \(RecordKind.all.map(\.name).joined(separator: ", "))",
                command: name)
        }
        let arguments = try Arguments(
            Array(words.dropFirst()), command: name, options: kind.options.union(["data", "author"]), flags: [])
        try arguments.noPositionals()
        try RecordSupport.record(arguments, kind: kind)
    }
}
