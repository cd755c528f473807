/// PayloadBytes is a JSON object payload read member by member straight from its stored bytes, without a tree.
///
/// A rebuild needs at most two or three members of a payload (the keys that name an event's register), and
/// parsing every payload into a `[String: JSONValue]` only to read them (and then freeing the tree) was the
/// largest part of its work. `init?` vouches for the bytes in one pass that allocates nothing, and only for the
/// form `CanonicalJSON` writes nearly every payload in: no whitespace, ASCII keys in strictly increasing byte
/// order, strings without escapes in valid UTF-8, integers in plain decimal, nesting within
/// `JSONParser.maximumDepth`. Bytes it vouches for are ones `JSONParser.parse` accepts, and the members read
/// here are those the parsed object holds; anything else (valid or not) it leaves to the parser.
public struct PayloadBytes: Sendable {
    /// The payload's bytes, as stored.
    public let bytes: [UInt8]

    /// The reader of `bytes`, or nil when they are not a JSON object of the form it vouches for.
    public init?(_ bytes: [UInt8]) {
        let vouched = bytes.withUnsafeBufferPointer { buffer in
            var scan = Scan(buffer)
            return buffer.first == UInt8(ascii: "{") && scan.value(depth: 0) && scan.index == buffer.count
        }
        guard vouched else { return nil }
        self.bytes = bytes
    }

    /// Bytes vouched for already (`vouchedEnd` or an earlier `init?`), taken without another pass.
    init(vouched bytes: [UInt8]) { self.bytes = bytes }

    /// Where the value starting at `start` in `buffer` ends when it is a JSON object of the form vouched for, read
    /// at nesting `depth` as `JSONParser.parseValue(depth:)` reads it (so the parser's depth limit holds too); nil
    /// when it is not.
    static func vouchedEnd(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, depth: Int) -> Int? {
        guard start < buffer.count, buffer[start] == UInt8(ascii: "{") else { return nil }
        var scan = Scan(buffer)
        scan.index = start
        return scan.value(depth: depth) ? scan.index : nil
    }

    /// The tree of vouched bytes, which the parser always accepts.
    static func parseVouched(_ bytes: [UInt8]) -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch {
            preconditionFailure("vouched payload bytes failed to parse: \(error)")
        }
    }

    /// Whether the payload has a top-level member `key` (of any value, `null` too).
    public func contains(_ key: String) -> Bool {
        bytes.withUnsafeBufferPointer { Self.member(key, in: $0) != nil }
    }

    /// The text of member `key` when it is a string; nil when there is no such member or it is no string.
    public func string(_ key: String) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let start = Self.member(key, in: buffer), buffer[start] == UInt8(ascii: "\"") else { return nil }
            let end = Self.closingQuote(after: start, in: buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[(start + 1)..<end]), as: UTF8.self)
        }
    }

    /// The value of member `key` when it is a number that is a whole 64-bit integer, as `JSONNumber.int64Value`
    /// gives it; nil when there is no such member or it is anything else.
    public func integer(_ key: String) -> Int64? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let start = Self.member(key, in: buffer) else { return nil }
            return Self.integer(at: start..<Self.skipValue(from: start, in: buffer), in: buffer)
        }
    }

    /// Calls `body` with each top-level member in order: the key's bytes and where its value starts and ends, in
    /// `buffer` (the bytes); stops early, returning false, when `body` does.
    func forEachMember(
        _ body: (_ key: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var completed = true
            Self.walkMembers(in: buffer) { key, valueStart in
                let valueEnd = Self.skipValue(from: valueStart, in: buffer)
                guard body(UnsafeBufferPointer(rebasing: buffer[key]), valueStart..<valueEnd, buffer) else {
                    completed = false
                    return nil
                }
                return valueEnd
            }
            return completed
        }
    }

    /// Walks the top-level members of the vouched object in `buffer`: `next` gets a member's key (where its bytes
    /// lie) and where its value starts, and returns where that value ends to go on, or nil to stop. The bytes are
    /// vouched for, so keys hold no escapes and every value is well formed.
    static func walkMembers(in buffer: UnsafeBufferPointer<UInt8>, _ next: (_ key: Range<Int>, _ valueStart: Int) -> Int?) {
        var index = 1
        guard buffer[index] != UInt8(ascii: "}") else { return }
        while true {
            let keyStart = index + 1
            var keyEnd = keyStart
            while buffer[keyEnd] != UInt8(ascii: "\"") { keyEnd += 1 }
            guard let valueEnd = next(keyStart..<keyEnd, keyEnd + 2), buffer[valueEnd] == UInt8(ascii: ",") else { return }
            index = valueEnd + 1
        }
    }

    /// The 64-bit integer written at `range` of vouched bytes (`-?digits`), as `JSONNumber.int64Value` reads it;
    /// nil for any other value or one out of range.
    static func integer(at range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = range.lowerBound
        let negative = buffer[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < range.upperBound, Scan.isDigit(buffer[index]) else { return nil }
        // Accumulated negatively, so Int64.min fits; any overflow means the number is not a 64-bit integer.
        var value: Int64 = 0
        while index < range.upperBound {
            guard Scan.isDigit(buffer[index]) else { return nil }
            let (times, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (next, underflowed) = times.subtractingReportingOverflow(Int64(buffer[index] - UInt8(ascii: "0")))
            guard !overflowed, !underflowed else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// Where the value of top-level member `key` starts, or nil when there is none.
    static func member(_ key: String, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var key = key
        return key.withUTF8 { wanted in
            var found: Int?
            walkMembers(in: buffer) { key, valueStart in
                if key.count == wanted.count, Scan.equal(buffer, at: key.lowerBound, wanted) {
                    found = valueStart
                    return nil
                }
                return skipValue(from: valueStart, in: buffer)
            }
            return found
        }
    }

    /// Where the well-formed value starting at `start` ends.
    static func skipValue(from start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var index = start
        var depth = 0
        repeat {
            switch buffer[index] {
            case UInt8(ascii: "\""):
                index = closingQuote(after: index, in: buffer) + 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                index += 1
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                // Between the members or elements of a nested value.
                index += 1
            default:
                // A number or a literal: up to the next structural byte.
                while index < buffer.count, !isStructural(buffer[index]) { index += 1 }
            }
        } while depth > 0
        return index
    }

    /// Where the string opened at `start` of vouched bytes is closed: the next quote (vouched strings hold no
    /// escapes). Looked for eight bytes at a time: the members read by the checks are found by skipping the values
    /// before them, notes of dozens of bytes among them.
    static func closingQuote(after start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var index = start + 1
        let base = UnsafeRawPointer(buffer.baseAddress!)
        let ones: UInt64 = 0x0101_0101_0101_0101
        while index + 8 <= buffer.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ (ones &* 0x22)
            let quotes = (word &- ones) & ~word & 0x8080_8080_8080_8080
            // The lowest flag is a true quote (a borrow flags only bytes above a true zero).
            if quotes != 0 { return index + quotes.trailingZeroBitCount >> 3 }
            index += 8
        }
        while buffer[index] != UInt8(ascii: "\"") { index += 1 }
        return index
    }

    static func isStructural(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
    }

    /// The bytes of `word` that are a quote, a backslash or below 0x20, flagged by their high bit; the lowest
    /// flag is always a true one (the classic "has a zero byte" and "has a byte less than" tests, whose borrows
    /// can flag bytes only above a true one).
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeros(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        return zeros(word ^ (ones &* 0x22)) | zeros(word ^ (ones &* 0x5C))
            | ((word &- ones &* 0x20) & ~word & highs)
    }
}
