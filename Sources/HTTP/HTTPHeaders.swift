/// HTTPHeaders is an ordered list of header fields with case-insensitive lookup by name.
///
/// Order and repeated fields are kept because framing rules (duplicate `Content-Length`,
/// lists of transfer codings) depend on every occurrence, not just the first.
///
/// Fields are stored as UTF-8 bytes with the position of each name and value, not as strings: a parsed
/// head becomes one copy of its bytes, and a string is made only for a field a caller asks for. A string
/// per name and value (validated, and allocated when longer than 15 bytes) cost more than the rest of
/// parsing a request head, and most fields of a request are never read.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field as a name and a value.
    public typealias Field = (name: String, value: String)

    /// Where one field's name and value lie in `bytes`.
    struct Span: Sendable, Equatable {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// The names and values as UTF-8; may also hold bytes no span covers (line endings of a parsed head,
    /// or nothing else: `remove(name:)` rebuilds).
    private(set) var bytes: [UInt8]
    /// The fields in order.
    private(set) var spans: [Span]

    /// Creates an empty list of header fields.
    public init() {
        bytes = []
        spans = []
    }

    /// Creates the fields of a parsed head: `spans` point into `bytes`, which the parser has checked.
    init(bytes: [UInt8], spans: [Span]) {
        self.bytes = bytes
        self.spans = spans
    }

    /// Creates a list of header fields from name-value pairs, keeping their order.
    public init(_ fields: [(String, String)]) {
        self.init()
        spans.reserveCapacity(fields.count)
        for (name, value) in fields { add(name: name, value: value) }
    }

    /// Creates a list of header fields from a literal, keeping its order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of fields, counting repeated names separately.
    public var count: Int { spans.count }

    /// Whether there are no fields at all.
    public var isEmpty: Bool { spans.isEmpty }

    /// The value of the first field with this name, compared case-insensitively.
    public subscript(name: String) -> String? {
        firstIndex(named: name).map(value(at:))
    }

    /// The values of every field with this name, in order.
    public func values(for name: String) -> [String] {
        var values: [String] = []
        forEachIndex(named: name) { values.append(value(at: $0)) }
        return values
    }

    /// Whether at least one field has this name.
    public func contains(_ name: String) -> Bool {
        firstIndex(named: name) != nil
    }

    /// Appends a field, keeping any existing fields with the same name.
    public mutating func add(name: String, value: String) {
        let nameStart = bytes.count
        bytes += name.utf8
        let valueStart = bytes.count
        bytes += value.utf8
        spans.append(Span(name: nameStart..<valueStart, value: valueStart..<bytes.count))
    }

    /// Makes room for `count` fields, so fields added one by one are stored without regrowing.
    mutating func reserveCapacity(_ count: Int) {
        spans.reserveCapacity(count)
    }

    /// Replaces every field with this name by one field with this value.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field with this name.
    public mutating func remove(name: String) {
        guard firstIndex(named: name) != nil else { return }
        // Rebuilt from the kept fields' bytes, so repeated replacing does not grow the storage, and a value
        // that is not valid UTF-8 is kept as sent rather than as a decoded string.
        var kept = HTTPHeaders()
        withFields { stored, spans in
            Self.withUTF8(name) { wanted in
                for span in spans where !Self.sameName(Self.slice(stored, span.name), wanted) {
                    kept.append(name: Self.slice(stored, span.name), value: Self.slice(stored, span.value))
                }
            }
        }
        self = kept
    }

    /// Whether a comma-separated list header contains this token, compared case-insensitively.
    public func containsToken(_ token: String, in name: String) -> Bool {
        Self.withUTF8(token) { wanted in
            Self.withUTF8(name) { wantedName in
                withFields { stored, spans in
                    spans.contains { span in
                        Self.sameName(Self.slice(stored, span.name), wantedName)
                            && Self.list(Self.slice(stored, span.value), containsToken: wanted, token)
                    }
                }
            }
        }
    }

    /// Returns an iterator over the fields in order.
    public func makeIterator() -> Iterator {
        Iterator(headers: self)
    }

    /// Iterator yields the fields in order, making each name and value string as it goes.
    public struct Iterator: IteratorProtocol {
        private let headers: HTTPHeaders
        private var index = 0

        init(headers: HTTPHeaders) {
            self.headers = headers
        }

        /// The next field, or nil after the last.
        public mutating func next() -> Field? {
            guard index < headers.spans.count else { return nil }
            defer { index += 1 }
            return (name: headers.name(at: index), value: headers.value(at: index))
        }
    }

    /// Whether both lists hold the same fields in the same order, names compared case-insensitively.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.spans.count == rhs.spans.count else { return false }
        return lhs.withFields { left, leftSpans in
            rhs.withFields { right, rightSpans in
                zip(leftSpans, rightSpans).allSatisfy { l, r in
                    let leftValue = slice(left, l.value)
                    let rightValue = slice(right, r.value)
                    // Values compare as strings did (canonical equivalence); equal bytes are the usual answer.
                    return sameName(slice(left, l.name), slice(right, r.name))
                        && (leftValue.elementsEqual(rightValue)
                            || String(decoding: leftValue, as: UTF8.self)
                                == String(decoding: rightValue, as: UTF8.self))
                }
            }
        }
    }

    /// Whether two field names are equal ignoring ASCII case (names are tokens, so ASCII only).
    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        withUTF8(lhs) { left in withUTF8(rhs) { right in sameName(left, right) } }
    }
}

extension HTTPHeaders {
    /// The name of the field at `index`, as a string.
    func name(at index: Int) -> String {
        withFields { stored, spans in String(decoding: Self.slice(stored, spans[index].name), as: UTF8.self) }
    }

    /// The value of the field at `index`, as a string; bytes that are not UTF-8 become U+FFFD.
    func value(at index: Int) -> String {
        withFields { stored, spans in String(decoding: Self.slice(stored, spans[index].value), as: UTF8.self) }
    }

    /// Calls `body` with the stored bytes and the fields' spans, for reading fields without making strings.
    func withFields<Result>(_ body: (UnsafeBufferPointer<UInt8>, [Span]) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer { try body($0, spans) }
    }

    /// Appends a field from bytes, as the parser and `remove(name:)` have them.
    mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        let nameStart = bytes.count
        bytes += name
        let valueStart = bytes.count
        bytes += value
        spans.append(Span(name: nameStart..<valueStart, value: valueStart..<bytes.count))
    }

    private func firstIndex(named name: String) -> Int? {
        Self.withUTF8(name) { wanted in
            withFields { stored, spans in spans.firstIndex { Self.sameName(Self.slice(stored, $0.name), wanted) } }
        }
    }

    private func forEachIndex(named name: String, _ body: (Int) -> Void) {
        Self.withUTF8(name) { wanted in
            withFields { stored, spans in
                for index in spans.indices where Self.sameName(Self.slice(stored, spans[index].name), wanted) {
                    body(index)
                }
            }
        }
    }
}
