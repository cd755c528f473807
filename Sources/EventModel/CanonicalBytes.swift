/// CanonicalBytes tells whether JSON bytes, already parsed, are exactly the canonical encoding of what they
/// say (`CanonicalJSON.encode` of their value), without encoding it.
///
/// A node serves every event's payload as the canonical bytes it stores, so a page's payloads arrive
/// canonical: keeping the received bytes spares re-encoding each payload's tree (sorting its keys, writing
/// every string), which cost 6 % of reading and judging a page. The check is conservative: it says yes only
/// for forms whose bytes the encoder writes unchanged (no whitespace, keys strictly ascending by their bytes,
/// strings without any escape, integers in plain form) and no for everything else, which is then encoded as
/// before. Tests/EventModelTests/CanonicalBytesTests.swift compares it with the encoder.
enum CanonicalBytes {
    /// Whether `bytes`, which `JSONParser` read as one value, are that value's canonical encoding.
    static func areCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        valueEnd(bytes, from: 0, depth: 0) == bytes.count
    }

    /// The index after the value at `start` when it is written canonically; nil when it is not (or is no value).
    private static func valueEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, depth: Int) -> Int? {
        guard start < bytes.count, depth <= JSONParser.maximumDepth else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "{"): return objectEnd(bytes, from: start, depth: depth + 1)
        case UInt8(ascii: "["): return arrayEnd(bytes, from: start, depth: depth + 1)
        case UInt8(ascii: "\""): return stringEnd(bytes, from: start)
        case UInt8(ascii: "t"): return literalEnd(bytes, from: start, "true")
        case UInt8(ascii: "f"): return literalEnd(bytes, from: start, "false")
        case UInt8(ascii: "n"): return literalEnd(bytes, from: start, "null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integerEnd(bytes, from: start)
        default: return nil
        }
    }

    private static func objectEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, depth: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "}") { return index + 1 }
        var previousKey: Range<Int>?
        while true {
            guard let keyEnd = stringEnd(bytes, from: index) else { return nil }
            let key = (index + 1)..<(keyEnd - 1)
            // Strictly ascending: the encoder writes keys sorted by their bytes, and a key without escapes is its bytes.
            if let previousKey,
                !UnsafeBufferPointer(rebasing: bytes[previousKey]).lexicographicallyPrecedes(
                    UnsafeBufferPointer(rebasing: bytes[key]))
            {
                return nil
            }
            previousKey = key
            guard keyEnd < bytes.count, bytes[keyEnd] == UInt8(ascii: ":"),
                let end = valueEnd(bytes, from: keyEnd + 1, depth: depth), end < bytes.count
            else { return nil }
            switch bytes[end] {
            case UInt8(ascii: ","): index = end + 1
            case UInt8(ascii: "}"): return end + 1
            default: return nil
            }
        }
    }

    private static func arrayEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, depth: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "]") { return index + 1 }
        while true {
            guard let end = valueEnd(bytes, from: index, depth: depth), end < bytes.count else { return nil }
            switch bytes[end] {
            case UInt8(ascii: ","): index = end + 1
            case UInt8(ascii: "]"): return end + 1
            default: return nil
            }
        }
    }

    /// A string with no escape and no control character: the encoder writes such a string's bytes as they are.
    private static func stringEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else { return nil }
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return index + 1 }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    private static func literalEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ literal: StaticString) -> Int? {
        let count = literal.utf8CodeUnitCount
        guard start + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[start + offset] != literal.utf8Start[offset] { return nil }
        return start + count
    }

    /// An integer as `JSONNumber` writes it: an optional `-`, then `0` alone (not after `-`) or at most
    /// `JSONNumber.maximumDigits` digits without a leading zero, and no fraction or exponent.
    private static func integerEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        let digitsStart = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        let digits = index - digitsStart
        guard digits >= 1, digits <= JSONNumber.maximumDigits else { return nil }
        if bytes[digitsStart] == UInt8(ascii: "0"), digits > 1 || isNegative { return nil }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): return nil
            default: break
            }
        }
        return index
    }
}
