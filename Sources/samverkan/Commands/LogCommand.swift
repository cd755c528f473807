import EventLog
import EventModel
import Foundation

/// `samverkan log`: lists stored events.
enum LogCommand: Command {
    static let name = "log"
    static let summary = "list stored events, filtered by channel, origin, stream or type"
    static let help = """
        Usage: samverkan log --data DIR [--channel CH] [--origin O] [--stream S] [--type T] [--limit N] [--json]

        Lists the events this node holds in the order it stored them.

          --channel CH   only this channel (region or municipality/CODE)
          --origin O     only this origin (node.incarnation)
          --stream S     only this stream
          --type T       only this type
          --limit N      at most N events (default: all)
          --json         one JSON object per line: the event's wire form, plus "flag" when views skip it

        Exit codes: 0 listed, 2 usage, 4 no node, 6 storage.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: name, options: ["data", "channel", "origin", "stream", "type", "limit"], flags: ["json"])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        var filter = LogFilter()
        if let text = arguments.value("channel") {
            guard let channel = Channel(text) else { throw CLIError.usage("'\(text)' is not a channel", command: name) }
            filter.channel = channel
        }
        if let text = arguments.value("origin") {
            guard let origin = Origin(text) else { throw CLIError.usage("'\(text)' is not an origin", command: name) }
            filter.origin = origin
        }
        if let text = arguments.value("stream") {
            guard let stream = StreamID(text) else { throw CLIError.usage("'\(text)' is not a stream id", command: name) }
            filter.stream = stream
        }
        if let text = arguments.value("type") {
            guard let type = EventType(text) else { throw CLIError.usage("'\(text)' is not an event type", command: name) }
            filter.type = type
        }
        var remaining = try arguments.integer("limit", in: 1...Int64.max) ?? Int64.max
        let asJSON = arguments.flag("json")
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        var after: Int64 = 0
        while remaining > 0 {
            let page = try log.events(matching: filter, after: after, limit: Int(min(remaining, 1000)))
            guard let last = page.last else { break }
            for stored in page { Output.line(asJSON ? jsonLine(stored) : textLine(stored)) }
            after = last.insertionID
            remaining -= Int64(page.count)
        }
    }

    static func jsonLine(_ stored: StoredEvent) -> String {
        guard var object = stored.event.wireObject.objectValue else { return "" }
        if let flag = stored.flag { object["flag"] = .string(flag) }
        return CanonicalJSON.string(.object(object))
    }

    static func textLine(_ stored: StoredEvent) -> String {
        let event = stored.event
        let time = Date(timeIntervalSince1970: Double(event.hlc.wallMillis) / 1000)
        let stamp = time.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).dateTimeSeparator(.space))
        var text = "\(stamp)  \(event.channel)  \(event.origin)#\(event.seq)  \(event.type)  \(event.stream)  \(event.author)  \(event.hash.short)"
        if let flag = stored.flag { text += "  [skipped by views: \(flag)]" }
        return text
    }
}
