/// JSONValue is a parsed JSON document whose canonical encoding is stable byte for byte.
///
/// Objects are unordered here; `CanonicalJSON` sorts their keys by UTF-8 bytes when encoding, so two
/// payloads that mean the same thing hash the same whatever order their author wrote the keys in.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The members when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number when this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The number as an integer when it is one that fits in 64 bits.
    public var int64Value: Int64? { numberValue?.int64Value }

    /// The flag when this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// A short word naming the kind of value, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a Boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// Makes a string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Makes an integer number value.
    public init(integerLiteral value: Int64) { self = .number(JSONNumber(value)) }
    /// Makes a Boolean value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Makes an array value.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Makes an object value; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    /// Makes `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: CustomStringConvertible {
    /// The canonical JSON text of the value.
    public var description: String { CanonicalJSON.string(self) }
}
