/// JSONNumber is a JSON number kept as exact decimal text in one canonical form.
///
/// Numbers are never routed through `Double` on their way to a hash: `1.50`, `15e-1` and `1.5`
/// all become `1.5`, and `100`, `1e2` and `100.0` all become `100`. The canonical form has no
/// exponent, no leading zeros, no trailing fractional zeros and no `-0`.
public struct JSONNumber: Sendable, Hashable, Comparable {
    /// The number: a whole one that fits in 64 bits as that integer, any other as its canonical text. One form per
    /// value, so equal storage is equal text. Every received event carries five integers, one of them the
    /// 18-digit HLC, whose text needed an allocation; now none does.
    private enum Storage: Hashable {
        case integer(Int64)
        case text(String)
    }

    private let storage: Storage

    /// The canonical decimal text, e.g. `-12.5`.
    public var text: String {
        switch storage {
        case .integer(let value): String(value)
        case .text(let text): text
        }
    }

    /// The largest number of digits a canonical number may have, before or after the point.
    public static let maximumDigits = 40

    /// Makes the number from an integer.
    public init(_ value: Int64) { storage = .integer(value) }

    /// Makes the number from an integer.
    public init(_ value: Int) { storage = .integer(Int64(value)) }

    /// Makes the number from JSON number text, or returns nil when the text is not a JSON number
    /// or needs more than `maximumDigits` digits in plain decimal form.
    public init?(jsonText: some StringProtocol) {
        guard let canonical = JSONNumber.canonicalize(Array(jsonText.utf8)) else { return nil }
        self.init(canonicalText: canonical)
    }

    /// The number whose canonical text is `canonicalText`.
    init(canonicalText: String) {
        // A canonical text has no sign but `-`, no leading zero and no `-0`: `Int64` reads it exactly when it is a
        // whole number in range, and then writes it back the same.
        if let value = Int64(canonicalText) { storage = .integer(value) } else { storage = .text(canonicalText) }
    }

    /// The value as a 64-bit integer when it is whole and in range.
    public var int64Value: Int64? {
        if case .integer(let value) = storage { return value }
        return nil
    }

    /// The value as a `Double` (possibly rounded), for display and arithmetic in views.
    public var doubleValue: Double {
        switch storage {
        case .integer(let value): Double(value)
        case .text(let text): Double(text) ?? 0
        }
    }

    /// Orders numbers by value.
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if let l = lhs.int64Value, let r = rhs.int64Value { return l < r }
        return lhs.doubleValue < rhs.doubleValue
    }

    /// Turns the bytes of a JSON number (RFC 8259 grammar) into canonical text, or nil.
    static func canonicalize(_ bytes: [UInt8]) -> String? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var digits: [UInt8] = []
        var exponent = 0
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) {
            digits.append(bytes[index])
            index += 1
        }
        let integerLength = index - integerStart
        guard integerLength > 0 else { return nil }
        if integerLength > 1, bytes[integerStart] == UInt8(ascii: "0") { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) {
                digits.append(bytes[index])
                index += 1
            }
            guard index > fractionStart else { return nil }
            exponent -= index - fractionStart
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            var written = 0
            while index < bytes.count, isDigit(bytes[index]) {
                written = min(written * 10 + Int(bytes[index] - UInt8(ascii: "0")), 1_000_000)
                index += 1
            }
            guard index > exponentStart else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == bytes.count else { return nil }
        return render(negative: negative, digits: digits, exponent: exponent)
    }

    private static func render(negative: Bool, digits rawDigits: [UInt8], exponent rawExponent: Int) -> String? {
        var digits = rawDigits.drop(while: { $0 == UInt8(ascii: "0") })
        var exponent = rawExponent
        while let last = digits.last, last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return "0" }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if exponent >= 0 {
            guard digits.count + exponent <= maximumDigits else { return nil }
            out += digits
            out += repeatElement(UInt8(ascii: "0"), count: exponent)
        } else {
            let fractionLength = -exponent
            guard fractionLength <= maximumDigits, digits.count <= maximumDigits * 2 else { return nil }
            if digits.count > fractionLength {
                let integerCount = digits.count - fractionLength
                out += digits.prefix(integerCount)
                out.append(UInt8(ascii: "."))
                out += digits.suffix(fractionLength)
            } else {
                out += [UInt8(ascii: "0"), UInt8(ascii: ".")]
                out += repeatElement(UInt8(ascii: "0"), count: fractionLength - digits.count)
                out += digits
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
