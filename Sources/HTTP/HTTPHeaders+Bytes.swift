extension HTTPHeaders {
    /// Calls `body` with the UTF-8 bytes of `text`; a native string (every literal and most others) lends
    /// its storage without a copy.
    static func withUTF8<Result>(
        _ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result {
        var text = text
        return try text.withUTF8(body)
    }

    /// The part of `bytes` in `range`.
    @inline(__always)
    static func slice(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// Whether two names are equal ignoring ASCII case; lengths first, since most names looked up differ in
    /// length from most names present.
    static func sameName(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count {
            let left = lhs[index]
            let right = rhs[index]
            if left == right { continue }
            let folded = left | 0x20
            guard folded == right | 0x20, folded >= UInt8(ascii: "a"), folded <= UInt8(ascii: "z") else { return false }
        }
        return true
    }

    /// Whether the comma-separated list `value` has an element equal to `token` once trimmed of OWS.
    ///
    /// ASCII letters compare ignoring case, as `lowercased()` compared them. A value or token with bytes
    /// beyond ASCII goes through strings instead, so that such lists match exactly as they did when every
    /// value was a `String` (Unicode lower-casing and canonical equivalence, splitting at characters).
    static func list(
        _ value: UnsafeBufferPointer<UInt8>, containsToken token: UnsafeBufferPointer<UInt8>, _ tokenText: String
    ) -> Bool {
        if value.contains(where: { $0 >= 0x80 }) || token.contains(where: { $0 >= 0x80 }) {
            let wanted = tokenText.lowercased()
            return String(decoding: value, as: UTF8.self).split(separator: ",").contains {
                $0.trimmingOWS().lowercased() == wanted
            }
        }
        var elementStart = 0
        for index in 0...value.count where index == value.count || value[index] == UInt8(ascii: ",") {
            defer { elementStart = index + 1 }
            // Empty elements are skipped before trimming, as `split` skipped them.
            guard index > elementStart else { continue }
            if sameName(trimmingOWS(slice(value, elementStart..<index)), token) { return true }
        }
        return false
    }

    /// The bytes without leading and trailing spaces and tabs (HTTP's optional whitespace).
    static func trimmingOWS(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == .space || bytes[lower] == .tab { lower += 1 }
        while upper > lower, bytes[upper - 1] == .space || bytes[upper - 1] == .tab { upper -= 1 }
        return slice(bytes, lower..<upper)
    }

    /// Calls `body` with each field's name and value bytes, in order.
    func forEachField(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try withFields { stored, spans in
            for span in spans { try body(Self.slice(stored, span.name), Self.slice(stored, span.value)) }
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
