import EventModel

/// Typed reads of payload members; views decode payloads that the catalog has already validated.
extension JSONValue {
    func text(_ key: String) -> String? { self[key]?.stringValue }

    func int(_ key: String) -> Int? { self[key]?.int64Value.map(Int.init) }

    func double(_ key: String) -> Double? { self[key]?.numberValue?.doubleValue }

    func bool(_ key: String) -> Bool? { self[key]?.boolValue }

    func municipality(_ key: String) -> MunicipalityCode? { int(key).flatMap(MunicipalityCode.init) }

    func date(_ key: String) -> CalendarDate? { text(key).flatMap(CalendarDate.init) }

    /// The object with `key` set to `value`, or removed when `value` is nil or null.
    func setting(_ key: String, _ value: JSONValue?) -> JSONValue {
        var members = objectValue ?? [:]
        if let value, !value.isNull { members[key] = value } else { members.removeValue(forKey: key) }
        return .object(members)
    }

    /// Makes a JSON number from a `Double` shown as an integer when it is whole, for read models only.
    static func number(_ value: Double) -> JSONValue {
        if value.rounded() == value, abs(value) < 1e15 { return .number(JSONNumber(Int64(value))) }
        return JSONNumber(jsonText: String(value)).map(JSONValue.number) ?? .null
    }

    /// An optional string as JSON, null when absent.
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// An optional integer as JSON, null when absent.
    static func optional(_ value: Int?) -> JSONValue { value.map { .number(JSONNumber($0)) } ?? .null }
}
