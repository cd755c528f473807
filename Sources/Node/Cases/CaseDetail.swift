import Domain
import EventModel

/// CaseDetail is one case as a caseworker sees it: its steps with their personal fields opened.
public struct CaseDetail: Sendable {
    /// The case as folded from the log.
    public let record: CaseRecord
    /// The opened personal fields per entry (by the entry's event hash).
    public let personal: [EventHash: [String: JSONValue]]
    /// Entries whose sealed fields could not be opened here (the key has not arrived yet, or was destroyed).
    public let unreadableEntries: Int

    /// The person's fields as of the latest entry that sets each (name, birth date, languages, permit date).
    public var person: [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for entry in record.entries {
            for (name, value) in personal[entry.hash] ?? [:]
            where ["name", "birthDate", "languages", "firstPermitDate"].contains(name) {
                fields[name] = value
            }
        }
        return fields
    }

    /// The regime that governs the case, by its start date.
    public var regime: LegalRegime? { record.file.openedOn.flatMap { LegalRegime.governing($0) } }

    /// The case as JSON for the API and the export: clear and opened fields side by side.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(record.stream.rawValue),
            "erased": .bool(record.isErased),
            "person": .object(person),
            "steps": .array(record.entries.map { entry in
                var step = entry.clear
                step["type"] = .string(entry.type.rawValue)
                step["on"] = .string(entry.on.description)
                step["author"] = .string(entry.author)
                for (name, value) in personal[entry.hash] ?? [:] where !["name", "birthDate", "languages", "firstPermitDate"].contains(name) {
                    step[name] = value
                }
                return .object(step)
            }),
        ]
        if let grounds = record.grounds { object["grounds"] = .string(grounds.rawValue) }
        if let caseworker = record.caseworker { object["caseworker"] = .string(caseworker) }
        if let opened = record.file.openedOn { object["openedOn"] = .string(opened.description) }
        if let closed = record.file.first(.closed) { object["closedOn"] = .string(closed.description) }
        if let regime { object["regime"] = .string(regime.id) }
        if unreadableEntries > 0 { object["unreadableEntries"] = .number(JSONNumber(unreadableEntries)) }
        return .object(object)
    }
}
