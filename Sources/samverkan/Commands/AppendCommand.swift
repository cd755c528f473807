import EventLog
import EventModel
import Foundation

/// `samverkan append`: appends a local event and prints where it was stored.
enum AppendCommand: Command {
    static let name = "append"
    static let summary = "append an event to the node's log"
    static let help = """
        Usage: samverkan append --data DIR --channel CH --stream S --type T [--payload JSON]
                                [--parent HASH]... [--schema N] [--author NAME] [--expected-version N]

        Appends one event, validated strictly against the event catalog; a refusal names the field.
        The payload (a JSON object) is read from standard input when --payload is not given.
        Safe while the node serves: sequence, chain link and clock are assigned inside the write lock.

          --channel CH           region, or municipality/CODE for this node's own case data
          --stream S             the item the event belongs to, e.g. meeting/2024-1
          --type T               the event type, e.g. meeting.scheduled
          --payload JSON         the payload object
          --parent HASH          a version of the item the author had seen (repeatable)
          --schema N             payload schema version (default: the catalog's newest)
          --author NAME          who writes (default: $SAMVERKAN_AUTHOR, then $USER)
          --expected-version N   refuse unless the stream holds exactly N events (optimistic concurrency)
          --repeat N             append the same event N times, one transaction each (for load and crash tests)

        Prints one JSON line per stored event: channel, origin, seq, hash, hlc.
        Exit codes: 0 stored, 2 usage, 3 refused input, 4 no node, 5 expected version differs, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: name,
            options: ["data", "channel", "stream", "type", "payload", "parent", "schema", "author", "expected-version", "repeat"],
            flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        let payloadBytes: [UInt8]
        if let payload = arguments.value("payload") {
            payloadBytes = Array(payload.utf8)
        } else {
            payloadBytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            guard !payloadBytes.isEmpty else {
                throw CLIError.usage("no payload: give --payload JSON or a JSON object on standard input", command: name)
            }
        }
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        var schema = Int(try arguments.integer("schema", in: 1...1_000_000) ?? 1)
        if arguments.value("schema") == nil, let typeText = arguments.value("type"), let type = EventType(typeText),
            let catalog = log.validator as? EventCatalog, let current = catalog.currentVersion(of: type)
        {
            schema = current
        }
        let environment = ProcessInfo.processInfo.environment
        let event = try NewEvent(
            channel: arguments.value("channel"), stream: arguments.value("stream"), type: arguments.value("type"),
            schemaVersion: schema,
            author: arguments.value("author") ?? environment["SAMVERKAN_AUTHOR"] ?? environment["USER"] ?? "cli",
            parents: arguments.all("parent"), payloadJSON: payloadBytes,
            expectedStreamVersion: try arguments.integer("expected-version", in: 0...Int64.max))
        let repeatCount = try arguments.integer("repeat", in: 1...10_000_000) ?? 1
        for _ in 0..<repeatCount {
            let stored = try log.append(event)
            Output.json([
                "channel": .string(stored.channel.description), "origin": .string(stored.origin.description),
                "seq": .number(JSONNumber(stored.seq)), "hash": .string(stored.hash.hex),
                "hlc": .number(JSONNumber(stored.hlc.rawValue)),
            ])
        }
    }
}
