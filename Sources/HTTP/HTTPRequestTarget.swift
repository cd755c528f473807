/// HTTPRequestTarget is the request target split into a percent-decoded path and query pairs.
public struct HTTPRequestTarget: Sendable, Equatable {
    /// One `name=value` pair of the query string, both percent-decoded.
    public struct QueryItem: Sendable, Equatable {
        /// The decoded name.
        public let name: String
        /// The decoded value; empty when the pair had no `=`.
        public let value: String

        /// Creates a query item from a decoded name and value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The target exactly as it appeared on the request line.
    public let raw: String
    /// The percent-decoded path, such as `/v1/events`; `*` for `OPTIONS *`.
    public let path: String
    /// The query pairs in order, percent-decoded, with `+` read as a space.
    public let query: [QueryItem]

    /// Parses a target in origin form (`/path?query`), absolute form or asterisk form.
    ///
    /// Returns nil when the target is malformed or its percent-encoding is invalid, which
    /// the parser answers with 400.
    public init?(_ raw: String) {
        // The usual target, a plain path (`/v1/events`), has nothing to split or decode: one scan of its
        // bytes instead of the substring searches below (a third of a request head's parsing).
        if raw.utf8.first == UInt8(ascii: "/"), !raw.utf8.contains(where: Self.needsGeneralParsing) {
            self.init(plainPath: raw)
            return
        }
        self.init(general: raw)
    }

    /// Parses a target from its bytes on a request line, already checked to be visible ASCII: a plain path
    /// is recognized on the bytes, before the one string is made.
    init?(visibleASCII bytes: UnsafeBufferPointer<UInt8>) {
        let raw = String(decoding: bytes, as: UTF8.self)
        if bytes.first == UInt8(ascii: "/"), !bytes.contains(where: Self.needsGeneralParsing) {
            self.init(plainPath: raw)
            return
        }
        self.init(general: raw)
    }

    private init(plainPath raw: String) {
        self.raw = raw
        path = raw
        query = []
    }

    /// Bytes that make a target go through the general parser: a query, a fragment, an escape, a NUL.
    private static func needsGeneralParsing(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "%") || byte == 0
    }

    /// Parses any target; `init(_:)` takes this path for all but plain paths.
    init?(general raw: String) {
        self.raw = raw
        var rest = Substring(raw)
        if rest == "*" {
            path = "*"
            query = []
            return
        }
        // Absolute form is rare from clients but required of servers (RFC 9112 §3.2.2).
        // Searched on bytes: every request comes through here, and the generic string searches
        // (`firstRange(of:)`, `contains(_:)` with a string) cost an eighth of a small request's CPU time.
        if rest.utf8.first != UInt8(ascii: "/"), let scheme = Self.schemeSeparatorEnd(rest) {
            let afterAuthority = rest[scheme...]
            rest = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterAuthority[$0...] } ?? "/"
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        guard rest.hasPrefix("/") else { return nil }
        let pathPart: Substring
        let queryPart: Substring?
        if let mark = rest.firstIndex(of: "?") {
            pathPart = rest[..<mark]
            queryPart = rest[rest.index(after: mark)...]
        } else {
            pathPart = rest
            queryPart = nil
        }
        // A fragment is never sent on the wire; one here means a broken or hostile client.
        if rest.utf8.contains(UInt8(ascii: "#")) { return nil }
        guard let decodedPath = Self.percentDecode(pathPart, plusIsSpace: false), !decodedPath.utf8.contains(0) else {
            return nil
        }
        path = decodedPath
        var items: [QueryItem] = []
        for pair in (queryPart ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.percentDecode(parts[0], plusIsSpace: true),
                let value = Self.percentDecode(parts.count > 1 ? parts[1] : "", plusIsSpace: true)
            else { return nil }
            items.append(QueryItem(name: name, value: value))
        }
        query = items
    }

    /// Where the authority begins in an absolute-form target: just after its first `://`.
    static func schemeSeparatorEnd(_ text: Substring) -> Substring.Index? {
        let bytes = text.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: ":") {
                let slashes = bytes[bytes.index(after: index)...].prefix(2)
                if slashes.elementsEqual("//".utf8) { return bytes.index(index, offsetBy: 3) }
            }
            index = bytes.index(after: index)
        }
        return nil
    }

    /// The value of the first query item with this name, if any.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Every value of the query items with this name, in order.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    /// Decodes `%XX` escapes; nil on a malformed escape or bytes that are not UTF-8.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String? {
        // Most paths and values have nothing to decode, and the text is already a valid string.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// The value of one hexadecimal digit, or nil for any other byte.
func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}
