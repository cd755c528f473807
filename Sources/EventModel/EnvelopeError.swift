/// EnvelopeError says which field of an event is missing or malformed, and why.
public struct EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field, e.g. `payload` or `payload.year`.
    public let field: String
    /// What is wrong with it.
    public let reason: String

    /// Names the field and the problem.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// A sentence naming the field and the problem.
    public var description: String { "field '\(field)': \(reason)" }
}
