import Domain
import EventLog
import EventModel
import Foundation
import Projections

/// RecordInput reads a record command's options into payload values, with one clear sentence per mistake.
struct RecordInput {
    let arguments: Arguments
    let identity: NodeIdentity

    private func fail(_ message: String) -> CLIError { CLIError.usage(message, command: arguments.command) }

    /// Optional free text, never empty.
    func text(_ name: String) throws -> String? {
        guard let value = arguments.value(name) else { return nil }
        guard !value.isEmpty else { throw fail("--\(name) must not be empty") }
        return value
    }

    func requiredText(_ name: String) throws -> String {
        guard let value = try text(name) else { throw fail("--\(name) is required") }
        return value
    }

    /// An identifier usable in a stream id.
    func identifier(_ name: String, default fallback: String? = nil) throws -> String {
        guard let value = arguments.value(name) ?? fallback else { throw fail("--\(name) is required") }
        guard DomainStream.isIdentifier(value) else {
            throw fail("--\(name) must be 1–40 of A–Z a–z 0–9 . _ -, not '\(value)'")
        }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int64>) throws -> Int? {
        try arguments.integer(name, in: range).map(Int.init)
    }

    func requiredInteger(_ name: String, in range: ClosedRange<Int64>) throws -> Int {
        guard let value = try integer(name, in: range) else { throw fail("--\(name) is required") }
        return value
    }

    /// A decimal number as typed (kept exact: it never passes through binary floating point).
    func decimal(_ name: String) throws -> JSONValue? {
        guard let text = arguments.value(name) else { return nil }
        guard let number = JSONNumber(jsonText: text) else { throw fail("--\(name) must be a number, e.g. 12 or 3.5") }
        return .number(number)
    }

    func date(_ name: String) throws -> String? {
        guard let text = arguments.value(name) else { return nil }
        guard let date = CalendarDate(text) else { throw fail("--\(name) must be a date YYYY-MM-DD, not '\(text)'") }
        return date.description
    }

    func requiredDate(_ name: String) throws -> String {
        guard let value = try date(name) else { throw fail("--\(name) is required") }
        return value
    }

    /// A member municipality's code; the node's own when the option is absent and `defaultsToOwn`.
    func municipality(_ name: String, defaultsToOwn: Bool = true) throws -> Int {
        guard let text = arguments.value(name) else {
            guard defaultsToOwn else { throw fail("--\(name) is required") }
            return identity.municipality.rawValue
        }
        guard let code = MunicipalityCode(text: text) else {
            throw fail("--\(name) must be a member code: \(ViewText.memberList)")
        }
        return code.rawValue
    }

    /// yes/no in any of the three languages.
    func yesNo(_ name: String) throws -> Bool? {
        guard let text = arguments.value(name)?.lowercased() else { return nil }
        if ["yes", "ja", "kyllä", "true", "1"].contains(text) { return true }
        if ["no", "nej", "ei", "false", "0"].contains(text) { return false }
        throw fail("--\(name) must be yes or no (ja/nej, kyllä/ei)")
    }
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

    /// A JSON object from members, leaving out the absent ones.
    static func payload(_ members: [String: JSONValue?]) -> JSONValue {
        .object(members.compactMapValues { $0 })
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
