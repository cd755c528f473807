import Domain
import EventLog
import EventModel
import Foundation

/// DemoWriter records on one node's data directory with the library, as `samverkan record` would, in one
/// transaction per batch. The node may be running: the log takes appends from several processes.
struct DemoWriter {
    /// One record: a `record` kind, its options, and the versions it replaces.
    struct Item {
        let kind: String
        let options: [String: String]
        var parents: [EventHash] = []
    }

    let directory: String
    let author: Author

    /// Builds every item with the record kinds' own rules and appends them in one transaction.
    @discardableResult
    func write(_ items: [Item]) throws -> [Event] {
        guard !items.isEmpty else { return [] }
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        let events = try items.map { item -> NewEvent in
            guard let kind = RecordKind.all.first(where: { $0.name == item.kind }) else {
                throw CLIError(code: .usage, message: "demo: no record kind '\(item.kind)'")
            }
            let words = item.options.sorted { $0.key < $1.key }.flatMap { ["--\($0.key)", $0.value] }
            let arguments = try Arguments(
                words, command: "record", options: kind.options.union(["data", "author"]), flags: [])
            let draft = try kind.build(RecordInput(arguments: arguments, identity: log.identity))
            guard let stream = draft.stream else {
                throw CLIError(code: .refusedInput, message: "demo: no stream for \(item.kind) \(item.options)")
            }
            let type = item.parents.isEmpty ? draft.type : (draft.correction ?? draft.type)
            return try NewEvent(
                channel: .region, stream: stream, type: type, author: author, parents: item.parents,
                payload: draft.payload)
        }
        return try log.append(events)
    }

    /// Imports the shipped programme (the events the log lacks), as `samverkan programme import` does.
    func importProgramme() throws -> Int {
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        let events = try ProgrammeImport.events(programme: ProgrammeData.load(), author: author)
        return try log.append(events).count
    }

    /// The number of region events the node holds.
    func regionalEventCount() throws -> Int64 {
        let log = try NodeCatalog.open(directory)
        defer { log.close() }
        return try log.vector(channels: [.region]).heads.values.map(\.seq).reduce(0, +)
    }

    /// The digest of every regional view, caught up with the log first.
    func digests() throws -> [String: String] {
        let (log, store) = try NodeViews.open(directory)
        defer { log.close() }
        return Dictionary(uniqueKeysWithValues: try store.digests().map { ($0.key.rawValue, $0.value.hex) })
    }
}

