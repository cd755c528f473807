import EventModel

/// RecordDraft is one thing a coordinator records, built from named field values: the event type, the type used
/// instead when the item already exists, the stream and the payload. The CLI (`samverkan record`) and the web
/// forms build the same drafts from the same values, so they validate alike.
public struct RecordDraft: Sendable {
    /// The event type.
    public let type: EventType
    /// The type written instead when the item already holds a version (a figure is corrected, not reported again).
    public var correction: EventType?
    /// The stream, or nil when none can be formed from the values.
    public let stream: StreamID?
    /// The payload.
    public let payload: JSONValue

    /// Names what to write.
    public init(type: EventType, correction: EventType? = nil, stream: StreamID?, payload: JSONValue) {
        self.type = type
        self.correction = correction
        self.stream = stream
        self.payload = payload
    }
}

/// RecordFieldError names the field whose value cannot be recorded and what is wrong with it.
public struct RecordFieldError: Error, Sendable, Hashable {
    /// What is wrong.
    public enum Problem: Sendable, Hashable {
        case required, empty, identifier(String), integer(ClosedRange<Int64>), number, date(String), municipality
        case yesNo
        /// Not one of the listed values.
        case choice([String])
        /// Longer than so many characters.
        case tooLong(Int)
    }

    /// The field, e.g. `year` (the CLI's option without `--`).
    public let field: String
    /// What is wrong with it.
    public let problem: Problem

    /// Names the field and the problem.
    public init(_ field: String, _ problem: Problem) {
        self.field = field
        self.problem = problem
    }

    /// The problem in English after the field's name, e.g. `must be a date YYYY-MM-DD, not 'x'`.
    public var reason: String {
        switch problem {
        case .required: "is required"
        case .empty: "must not be empty"
        case .identifier(let value): "must be 1–40 of A–Z a–z 0–9 . _ -, not '\(value)'"
        case .integer(let range): "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .number: "must be a number, e.g. 12 or 3.5"
        case .date(let value): "must be a date YYYY-MM-DD, not '\(value)'"
        case .municipality: "must be a member code"
        case .yesNo: "must be yes or no (ja/nej, kyllä/ei)"
        case .choice(let values): "must be one of \(values.joined(separator: ", "))"
        case .tooLong(let limit): "must be at most \(limit) characters"
        }
    }
}

/// RecordValues reads named field values into payload values, one `RecordFieldError` per mistake.
public struct RecordValues: Sendable {
    /// The values by field name; an absent field has no entry.
    public let values: [String: String]
    /// The municipality a municipality field defaults to (the node's own).
    public let ownMunicipality: MunicipalityCode

    /// Values as given.
    public init(_ values: [String: String], ownMunicipality: MunicipalityCode) {
        self.values = values
        self.ownMunicipality = ownMunicipality
    }

    /// Optional free text, never empty.
    public func text(_ name: String) throws(RecordFieldError) -> String? {
        guard let value = values[name] else { return nil }
        guard !value.isEmpty else { throw RecordFieldError(name, .empty) }
        return value
    }

    public func requiredText(_ name: String) throws(RecordFieldError) -> String {
        guard let value = try text(name) else { throw RecordFieldError(name, .required) }
        return value
    }

    /// An identifier usable in a stream id.
    public func identifier(_ name: String, default fallback: String? = nil) throws(RecordFieldError) -> String {
        guard let value = values[name] ?? fallback else { throw RecordFieldError(name, .required) }
        guard DomainStream.isIdentifier(value) else { throw RecordFieldError(name, .identifier(value)) }
        return value
    }

    public func integer(_ name: String, in range: ClosedRange<Int64>) throws(RecordFieldError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int64(text), range.contains(number) else { throw RecordFieldError(name, .integer(range)) }
        return Int(number)
    }

    public func requiredInteger(_ name: String, in range: ClosedRange<Int64>) throws(RecordFieldError) -> Int {
        guard let value = try integer(name, in: range) else { throw RecordFieldError(name, .required) }
        return value
    }

    /// A decimal number as typed (kept exact: it never passes through binary floating point).
    public func decimal(_ name: String) throws(RecordFieldError) -> JSONValue? {
        guard let text = values[name] else { return nil }
        guard let number = JSONNumber(jsonText: text) else { throw RecordFieldError(name, .number) }
        return .number(number)
    }

    public func date(_ name: String) throws(RecordFieldError) -> String? {
        guard let text = values[name] else { return nil }
        guard let date = CalendarDate(text) else { throw RecordFieldError(name, .date(text)) }
        return date.description
    }

    public func requiredDate(_ name: String) throws(RecordFieldError) -> String {
        guard let value = try date(name) else { throw RecordFieldError(name, .required) }
        return value
    }

    /// A member municipality's code; the own one when the field is absent and `defaultsToOwn`.
    public func municipality(_ name: String, defaultsToOwn: Bool = true) throws(RecordFieldError) -> Int {
        guard let text = values[name] else {
            guard defaultsToOwn else { throw RecordFieldError(name, .required) }
            return ownMunicipality.rawValue
        }
        guard let code = MunicipalityCode(text: text) else { throw RecordFieldError(name, .municipality) }
        return code.rawValue
    }

    /// One of `choices`, as written.
    public func choice(_ name: String, _ choices: [String]) throws(RecordFieldError) -> String? {
        guard let text = values[name] else { return nil }
        guard choices.contains(text) else { throw RecordFieldError(name, .choice(choices)) }
        return text
    }

    /// Free text of at most `limit` characters.
    public func text(_ name: String, maxLength limit: Int) throws(RecordFieldError) -> String? {
        guard let value = try text(name) else { return nil }
        guard value.count <= limit else { throw RecordFieldError(name, .tooLong(limit)) }
        return value
    }

    /// yes/no in any of the three languages.
    public func yesNo(_ name: String) throws(RecordFieldError) -> Bool? {
        guard let text = values[name]?.lowercased() else { return nil }
        if ["yes", "ja", "kyllä", "true", "1"].contains(text) { return true }
        if ["no", "nej", "ei", "false", "0"].contains(text) { return false }
        throw RecordFieldError(name, .yesNo)
    }
}
