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

    mutating func parseString() throws(Error) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes are the string. Scanned through a pointer to the first byte that is
        // not plain text: indexing the array byte by byte cost a page reader 9 % of its instructions.
        let (stop, isASCII) = bytes.withUnsafeBufferPointer { buffer in
            var position = start
            // Eight bytes at a time to the first special one (as `PayloadBytes` vouches for strings): a received
            // event's two hashes are 64 bytes each, which the byte loop took 320 instructions apiece to cross.
            var high: UInt64 = 0
            let base = UnsafeRawPointer(buffer.baseAddress!)
            while position + 8 <= buffer.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let special = PayloadBytes.specialBytes(word)
                guard special == 0 else {
                    // Little-endian: the lowest flagged byte comes first, and it is a true one.
                    let offset = special.trailingZeroBitCount >> 3
                    high |= word & ((1 << (UInt64(offset) << 3)) &- 1)
                    position += offset
                    break
                }
                high |= word
                position += 8
            }
            var isASCII = high & 0x8080_8080_8080_8080 == 0
            while position < buffer.count {
                let byte = buffer[position]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                if byte >= 0x80 { isASCII = false }
                position += 1
            }
            return (position, isASCII)
        }
        index = stop
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            let text = bytes.withUnsafeBufferPointer {
                Self.string(UnsafeBufferPointer(rebasing: $0[start..<stop]), isASCII: isASCII)
            }
            guard let text else {
                throw Error(reason: "invalid UTF-8 in string", offset: start)
            }
            return text
        }
        if index < bytes.count, bytes[index] < 0x20 { throw error("unescaped control character in string") }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = buffer.withUnsafeBufferPointer({ Self.string($0, isASCII: false) }) else {
                    throw Error(reason: "invalid UTF-8 in string", offset: start)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw error("unescaped control character in string")
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// The string of UTF-8 `bytes`, nil when they are not valid UTF-8.
    ///
    /// `String(validating:as:)` is generic over the encoding and ran unspecialised here, looking up type
    /// metadata for every string of every page; decoding is specialised, and repairs invalid input, so
    /// the result is valid exactly when its bytes are the input's.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String? {
        if isASCII, bytes.count <= 15 { return shortASCII(bytes) }
        let text = String(decoding: bytes, as: UTF8.self)
        if isASCII { return text }
        var copy = text
        return copy.withUTF8 { Self.equal($0, bytes) } ? text : nil
    }

    /// The string of at most 15 ASCII bytes: made in place, where the standard library checks ASCII with two word
    /// operations instead of validating UTF-8 (member keys and short values are most of a payload's strings).
    private static func shortASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            _ = buffer.initialize(from: bytes)
            return bytes.count
        }
    }

    /// Whether two byte runs are equal, compared a word at a time (`elementsEqual` went byte by byte through an
    /// iterator: 4 % of a page reader's thread, for the non-ASCII strings of its payloads).
    private static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
        let (leftRaw, rightRaw) = (UnsafeRawPointer(leftBase), UnsafeRawPointer(rightBase))
        var offset = 0
        while offset + 8 <= left.count {
            guard leftRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == rightRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < left.count {
            guard leftBase[offset] == rightBase[offset] else { return false }
            offset += 1
        }
        return true
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(Error) {
        guard index < bytes.count else { throw error("unterminated escape") }
        let code = bytes[index]
        index += 1
        switch code {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("lone high surrogate") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("lone low surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid code point") }
            buffer.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw error("unknown escape")
        }
    }

    private mutating func parseHex4() throws(Error) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
