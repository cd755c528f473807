import EventModel

/// SchemaRules are the cross-field checks the domain schemas share; each returns the first problem found.
enum SchemaRules {
    /// Runs the checks in order and returns the first problem.
    static func first(_ checks: [() -> EnvelopeError?]) -> EnvelopeError? {
        for check in checks {
            if let problem = check() { return problem }
        }
        return nil
    }

    /// The named payload members must be identifiers usable in a stream id.
    static func identifiers(_ content: EventContent, _ keys: [String]) -> EnvelopeError? {
        for key in keys {
            if let value = content.text(key), !DomainStream.isIdentifier(value) {
                return EnvelopeError(field: "payload.\(key)", reason: "must be 1–40 of A–Z a–z 0–9 . _ -")
            }
        }
        return nil
    }

    /// The payload member `key`, when it is text, must be an identifier usable in a stream id; `identifiers`
    /// for one key, without building an array or copying the text.
    static func identifier(_ content: EventContent, _ key: String) -> EnvelopeError? {
        identifier(content.text(key), key)
    }

    /// `identifier(content, key)` for the member's text `value`, read already by the caller (nil when it is no text).
    static func identifier(_ value: String?, _ key: String) -> EnvelopeError? {
        guard let value else { return nil }
        let isIdentifier = value.utf8.withContiguousStorageIfAvailable { isIdentifierBytes($0[...]) }
            ?? DomainStream.isIdentifier(value)
        guard !isIdentifier else { return nil }
        return EnvelopeError(field: "payload.\(key)", reason: "must be 1–40 of A–Z a–z 0–9 . _ -")
    }

    /// `stream(content, DomainStream.figure(indicator, content.municipality, year: year))`, but comparing the
    /// stream's bytes with `figure/<indicator>/<municipality>/<year>` in place first: only a stream that does
    /// not match takes the general path (which builds the expected id and the message).
    static func figureStream(_ content: EventContent, indicator: String, year: Int) -> EnvelopeError? {
        let municipality = content.municipality
        let matches = content.stream.rawValue.utf8.withContiguousStorageIfAvailable { stream in
            isFigureStream(stream[...], indicator: indicator, municipality: municipality.rawValue, year: year)
        }
        if matches == true { return nil }
        return Self.stream(content, DomainStream.figure(indicator, municipality, year: year))
    }

    /// `stream(content, content.text(key).flatMap(make))` for a stream `<kind>/<identifier>`, but comparing
    /// the stream's bytes with `<kind>/<payload.key>` in place first: only a stream that does not match takes the
    /// general path (which builds the expected id and the message).
    static func segmentStream(
        _ content: EventContent, _ kind: StaticString, key: String, _ make: (String) -> StreamID?
    ) -> EnvelopeError? {
        segmentStream(content, kind, identifier: content.text(key), make)
    }

    /// `segmentStream(content, kind, key:, make)` for the member's text `identifier`, read already by the caller.
    static func segmentStream(
        _ content: EventContent, _ kind: StaticString, identifier: String?, _ make: (String) -> StreamID?
    ) -> EnvelopeError? {
        if let identifier {
            let matches = content.stream.rawValue.utf8.withContiguousStorageIfAvailable { stream in
                identifier.utf8.withContiguousStorageIfAvailable { identifier in
                    isSegmentStream(stream[...], kind: kind, identifier: identifier[...])
                }
            }
            if matches == true { return nil }
        }
        return Self.stream(content, identifier.flatMap(make))
    }

    /// Whether `stream` is exactly `<kind>/<identifier>` with `identifier` an identifier.
    private static func isSegmentStream(
        _ stream: Slice<UnsafeBufferPointer<UInt8>>, kind: StaticString, identifier: Slice<UnsafeBufferPointer<UInt8>>
    ) -> Bool {
        let prefix = UnsafeBufferPointer(start: kind.utf8Start, count: kind.utf8CodeUnitCount)
        guard stream.count == prefix.count + 1 + identifier.count, isIdentifierBytes(identifier) else { return false }
        var index = stream.startIndex
        for byte in prefix {
            guard stream[index] == byte else { return false }
            index += 1
        }
        guard stream[index] == UInt8(ascii: "/") else { return false }
        return stream[(index + 1)...].elementsEqual(identifier)
    }

    /// Whether `stream` is exactly `figure/<indicator>/<municipality>/<year>` with an identifier indicator.
    private static func isFigureStream(
        _ stream: Slice<UnsafeBufferPointer<UInt8>>, indicator: String, municipality: Int, year: Int
    ) -> Bool {
        var rest = stream
        for byte in "figure/".utf8 {
            guard rest.first == byte else { return false }
            rest = rest.dropFirst()
        }
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let indicatorBytes = rest[..<slash]
        // Over the indicator's contiguous bytes: the generic comparison with a `String.UTF8View` cost 370 a figure.
        let sameIndicator = indicator.utf8.withContiguousStorageIfAvailable { indicatorBytes.elementsEqual($0) }
        guard isIdentifierBytes(indicatorBytes), sameIndicator ?? indicatorBytes.elementsEqual(indicator.utf8) else {
            return false
        }
        rest = rest[(slash + 1)...]
        guard let secondSlash = rest.firstIndex(of: UInt8(ascii: "/")) else { return false }
        guard isDecimal(rest[..<secondSlash], municipality) else { return false }
        return isDecimal(rest[(secondSlash + 1)...], year)
    }

    /// Whether `bytes` are exactly `String(value)`.
    private static func isDecimal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ value: Int) -> Bool {
        var magnitude = value.magnitude
        var index = bytes.endIndex
        repeat {
            guard index > bytes.startIndex else { return false }
            index -= 1
            guard bytes[index] == UInt8(ascii: "0") + UInt8(magnitude % 10) else { return false }
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            guard index > bytes.startIndex, bytes[index - 1] == UInt8(ascii: "-") else { return false }
            index -= 1
        }
        return index == bytes.startIndex
    }

    /// `DomainStream.isIdentifier` over bytes: 1–40 of `A–Z a–z 0–9 . _ -`.
    private static func isIdentifierBytes(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard (1...DomainStream.maximumIdentifierLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// The stream must be the one the convention gives for this payload, so every node keys the item alike.
    static func stream(_ content: EventContent, _ expected: StreamID?) -> EnvelopeError? {
        guard let expected else { return EnvelopeError(field: "stream", reason: "cannot be formed from the payload") }
        guard content.stream == expected else {
            return EnvelopeError(field: "stream", reason: "must be \(expected) for this payload, not \(content.stream)")
        }
        return nil
    }

    /// Authoring rule: what concerns municipality X (a figure, a target, an approval) comes only from a node of X.
    static func writtenByOwnNode(_ content: EventContent, key: String, what: String) -> EnvelopeError? {
        guard let code = content.int(key), code == content.municipality.rawValue else {
            let named = content.int(key).map(String.init) ?? "?"
            return EnvelopeError(
                field: "payload.\(key)",
                reason: "\(what) for municipality \(named) may only be written by a node of municipality \(named), "
                    + "not of \(content.municipality)")
        }
        return nil
    }

    /// A target names at least one end, and `min` does not exceed `max`.
    static func range(_ content: EventContent) -> EnvelopeError? {
        let minimum = content.double("min")
        let maximum = content.double("max")
        if minimum == nil, maximum == nil {
            return EnvelopeError(field: "payload.min", reason: "or payload.max is needed")
        }
        if let minimum, let maximum, minimum > maximum {
            return EnvelopeError(field: "payload.max", reason: "must not be less than payload.min")
        }
        return nil
    }

    /// An edit of an existing item must name the versions it replaces.
    static func parentsRequired(_ content: EventContent, _ what: String) -> EnvelopeError? {
        content.parents.isEmpty ? EnvelopeError(field: "parents", reason: "must name the version \(what)") : nil
    }
}
