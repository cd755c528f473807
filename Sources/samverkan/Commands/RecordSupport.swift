import Domain
import EventLog
import EventModel
import Foundation
import Projections

/// RecordInput is what a record kind is built from: the command's options and the node they are recorded on.
struct RecordInput {
    let arguments: Arguments
    let identity: NodeIdentity
}

/// RecordSupport writes one coordinator's record: it finds what the item holds, names it in `parents`, appends.
enum RecordSupport {
    static func author(_ arguments: Arguments) throws -> Author {
        let environment = ProcessInfo.processInfo.environment
        let text = arguments.value("author") ?? environment["SAMVERKAN_AUTHOR"] ?? environment["USER"] ?? "cli"
        guard let author = Author(text) else {
            throw CLIError.usage(
                "--author must be 1–128 characters without control characters", command: arguments.command)
        }
        return author
    }

    /// Builds the event `kind` describes and appends it, listing the stored heads of its item in `parents`.
    ///
    /// When the item already holds a version and the kind has a correction type, that type is written
    /// instead (a figure that exists is corrected, not reported again).
    static func record(_ arguments: Arguments, kind: RecordKind) throws {
        let (log, store) = try NodeViews.open(try arguments.required("data"))
        defer { log.close() }
        let author = try author(arguments)
        let identity = log.identity
        let draft = try kind.build(RecordInput(arguments: arguments, identity: identity))
        guard let stream = draft.stream else {
            throw CLIError(code: .refusedInput, message: "no stream id can be formed from these options")
        }
        let (type, payload) = (draft.type, draft.payload)
        // The item as this event would be judged: origin, clock and hash do not decide where it lands.
        let probe = Event(
            channel: .region, origin: identity.origin, seq: 1, previous: .zero, hlc: .zero,
            municipality: identity.municipality, stream: stream, type: type, schemaVersion: 1, author: author,
            parents: [], payload: payload)
        // An event the views would skip is appended as it is, so the log refuses it naming the field.
        let parents = try store.heads(forEditLike: probe) ?? []
        let finalType = parents.isEmpty ? type : (draft.correction ?? type)
        let event = try NewEvent(
            channel: .region, stream: stream, type: finalType, schemaVersion: 1, author: author, parents: parents,
            payload: payload)
        let stored = try log.append(event)
        Output.json([
            "type": .string(stored.type.rawValue), "stream": .string(stored.stream.rawValue),
            "origin": .string(stored.origin.description), "seq": .number(JSONNumber(stored.seq)),
            "hash": .string(stored.hash.hex), "parents": .array(stored.parents.map { .string($0.hex) }),
        ])
    }
}
