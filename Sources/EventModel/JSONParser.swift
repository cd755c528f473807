/// JSONParser reads strict RFC 8259 JSON from UTF-8 bytes without going through Foundation.
///
/// It is strict where Foundation is lenient, because what it accepts is hashed: duplicate keys,
/// invalid UTF-8, lone surrogates, trailing content and nesting deeper than `maximumDepth` are
/// errors. It is also several times faster than `JSONSerialization`, which matters on the ingest
/// and replication paths.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 64

    /// A reason the bytes are not acceptable JSON, with the byte offset where it was found.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public let reason: String
        /// The byte offset in the input.
        public let offset: Int
        /// A sentence naming the problem and where it is.
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// Parses one JSON value that must fill the whole input (whitespace around it aside).
    public static func parse(_ bytes: some Collection<UInt8>) throws(Error) -> JSONValue {
        let buffer = Array(bytes)
        var parser = JSONParser(bytes: buffer)
        // Room for a payload's members up front: growing from empty reallocated four times per payload.
        parser.pendingMembers.reserveCapacity(16)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == buffer.count else { throw parser.error("unexpected content after the value") }
        return value
    }

    /// Parses one JSON value that must fill the whole input, as `parse` does, a top-level object read by `object`
    /// (positioned at its `{`) and any other value parsed and handed to `otherwise`.
    static func parseWhole<T>(
        _ bytes: some Collection<UInt8>, object: (inout JSONParser) throws(Error) -> T, otherwise: (JSONValue) -> T
    ) throws(Error) -> T {
        let buffer = Array(bytes)
        var parser = JSONParser(bytes: buffer)
        parser.skipWhitespace()
        let result: T
        if parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "{") {
            result = try object(&parser)
        } else {
            result = otherwise(try parser.parseValue(depth: 0))
        }
        parser.skipWhitespace()
        guard parser.index == buffer.count else { throw parser.error("unexpected content after the value") }
        return result
    }

    /// Parses one JSON value from text.
    public static func parse(_ text: String) throws(Error) -> JSONValue {
        try parse(Array(text.utf8))
    }

    let bytes: [UInt8]
    var index = 0
    /// Members of the objects being parsed, innermost last: each object's dictionary is then made once,
    /// at its final size (growing one member by member cost 5 % of a replication target's time).
    var pendingMembers: [(key: String, value: JSONValue, offset: Int)] = []
    /// Elements of the arrays being parsed, innermost last.
    private var pendingElements: [JSONValue] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: String) -> Error { Error(reason: reason, offset: index) }

    // Inlined: mostly there is none to skip, and the call cost more than the look (16 instructions, thrice a member).
    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// After a member or an element: consumes a `,` and says another follows, or consumes `closing` and says none does.
    @inline(__always)
    mutating func moreItems(closing: UInt8) throws(Error) -> Bool {
        // A comma right there first, inlined: after fourteen members an event, the call was most of the work.
        if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
            index += 1
            return true
        }
        return try moreItemsAfterSpace(closing: closing)
    }

    private mutating func moreItemsAfterSpace(closing: UInt8) throws(Error) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            return true
        }
        guard bytes[index] == closing else {
            throw error(closing == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
        }
        index += 1
        return false
    }

    /// Reads an object member's `"key":` and the whitespace around it; returns the key and where it began.
    mutating func parseMemberKey() throws(Error) -> (name: String, offset: Int) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
        let offset = index
        let name = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        skipWhitespace()
        return (name, offset)
    }

    mutating func parseValue(depth: Int) throws(Error) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Error) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw error("unknown literal") }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(Error) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth)") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        let first = pendingMembers.count
        while true {
            let (key, keyOffset) = try parseMemberKey()
            let value = try parseValue(depth: depth)
            pendingMembers.append((key, value, keyOffset))
            if try moreItems(closing: UInt8(ascii: "}")) { continue }
            var members = [String: JSONValue](minimumCapacity: pendingMembers.count - first)
            for member in pendingMembers[first...] {
                guard members.updateValue(member.value, forKey: member.key) == nil else {
                    throw Error(reason: "duplicate key \"\(member.key)\"", offset: member.offset)
                }
            }
            pendingMembers.removeLast(pendingMembers.count - first)
            return .object(members)
        }
    }

    private mutating func parseArray(depth: Int) throws(Error) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth)") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array([])
        }
        let first = pendingElements.count
        while true {
            skipWhitespace()
            let element = try parseValue(depth: depth)
            pendingElements.append(element)
            if try moreItems(closing: UInt8(ascii: "]")) { continue }
            let elements = Array(pendingElements[first...])
            pendingElements.removeLast(pendingElements.count - first)
            return .array(elements)
        }
    }

    private mutating func parseNumber() throws(Error) -> JSONNumber {
        let start = index
        // Scanned and, when plain, read through a pointer: a received event has five numbers, which the scan by
        // array index and the slice's generic `allSatisfy` took 300 instructions apiece to read.
        let (end, plain) = bytes.withUnsafeBufferPointer { all -> (Int, JSONNumber?) in
            var position = start
            while position < all.count, Self.isNumberByte(all[position]) { position += 1 }
            return (position, Self.plainInteger(UnsafeBufferPointer(rebasing: all[start..<position])))
        }
        index = end
        if let plain { return plain }
        guard let canonical = JSONNumber.canonicalize(Array(bytes[start..<index])) else {
            throw Error(reason: "malformed number or more than \(JSONNumber.maximumDigits) digits", offset: start)
        }
        return JSONNumber(canonicalText: canonical)
    }

    /// The number when its bytes are already canonical as an integer (`0`, or an optional `-` and at most
    /// `JSONNumber.maximumDigits` digits without a leading zero), which `JSONNumber.canonicalize` would return
    /// unchanged; nil for every other number, which takes the general path.
    private static func plainInteger(_ number: UnsafeBufferPointer<UInt8>) -> JSONNumber? {
        let negative = number.first == UInt8(ascii: "-")
        let digits = negative ? UnsafeBufferPointer(rebasing: number[1...]) : number
        guard let first = digits.first, first != UInt8(ascii: "0") || number.count == 1,
            digits.count <= JSONNumber.maximumDigits
        else { return nil }
        // Up to 18 digits always fit in 64 bits: read as an integer, without a text (an HLC has 18).
        var value: Int64 = 0
        for digit in digits {
            let decimal = digit &- UInt8(ascii: "0")
            guard decimal < 10 else { return nil }
            value = value &* 10 &+ Int64(decimal)
        }
        guard digits.count <= 18 else { return JSONNumber(canonicalText: String(decoding: number, as: UTF8.self)) }
        // Never `-0` here (only a lone `0` may start with a zero); were it, the general path reads it as `0`.
        guard !(negative && value == 0) else { return nil }
        return JSONNumber(negative ? -value : value)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }
}
