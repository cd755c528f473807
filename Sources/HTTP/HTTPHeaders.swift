/// HTTPHeaders is an ordered list of header fields with case-insensitive lookup by name.
///
/// Order and repeated fields are kept because framing rules (duplicate `Content-Length`,
/// lists of transfer codings) depend on every occurrence, not just the first.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field as a name and a value.
    public typealias Field = (name: String, value: String)

    private var fields: [Field]

    /// Creates an empty list of header fields.
    public init() {
        fields = []
    }

    /// Creates a list of header fields from name-value pairs, keeping their order.
    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// Creates a list of header fields from a literal, keeping its order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of fields, counting repeated names separately.
    public var count: Int { fields.count }

    /// Whether there are no fields at all.
    public var isEmpty: Bool { fields.isEmpty }

    /// The value of the first field with this name, compared case-insensitively.
    public subscript(name: String) -> String? {
        fields.first { Self.sameName($0.name, name) }?.value
    }

    /// The values of every field with this name, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Whether at least one field has this name.
    public func contains(_ name: String) -> Bool {
        self[name] != nil
    }

    /// Appends a field, keeping any existing fields with the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Makes room for `count` fields, so a parsed head's fields are stored without regrowing.
    mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Replaces every field with this name by one field with this value.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field with this name.
    public mutating func remove(name: String) {
        fields.removeAll { Self.sameName($0.name, name) }
    }

    /// Whether a comma-separated list header contains this token, compared case-insensitively.
    public func containsToken(_ token: String, in name: String) -> Bool {
        let wanted = token.lowercased()
        return values(for: name).contains { value in
            value.split(separator: ",").contains { $0.trimmingOWS().lowercased() == wanted }
        }
    }

    /// Returns an iterator over the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// Whether both lists hold the same fields in the same order, names compared case-insensitively.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy {
                sameName($0.name, $1.name) && $0.value == $1.value
            }
    }

    /// Whether two field names are equal ignoring ASCII case (names are tokens, so ASCII only); looked up
    /// several times per request, so compared in place rather than through lower-cased copies.
    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        // Most names differ in length, and a native string knows its length: every lookup of every request
        // compares against each field, and the byte-wise comparison below costs a generic call per byte.
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return lhs.utf8.elementsEqual(rhs.utf8) { left, right in
            left == right || (left | 0x20 == right | 0x20 && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(left | 0x20))
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs (HTTP's optional whitespace).
    /// Scanned as bytes (space and tab are single bytes in UTF-8), not as characters: it runs on framing
    /// headers of every request.
    func trimmingOWS() -> String {
        let isOWS: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let bytes = Substring(self).utf8
        guard let first = bytes.firstIndex(where: { !isOWS($0) }), let last = bytes.lastIndex(where: { !isOWS($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
