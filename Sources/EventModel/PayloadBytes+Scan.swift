extension PayloadBytes {
    /// The one pass that vouches for a payload: true only for the form described on the type, false for everything
    /// else, which the parser then judges. False is always safe, so it may refuse more than it must.
    struct Scan {
        let buffer: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func value(depth: Int) -> Bool {
            guard index < buffer.count else { return false }
            switch buffer[index] {
            case UInt8(ascii: "{"): return object(depth: depth + 1)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string(asciiOnly: false) != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
            default: return false
            }
        }

        mutating func object(depth: Int) -> Bool {
            guard depth <= JSONParser.maximumDepth else { return false }
            index += 1
            if index < buffer.count, buffer[index] == UInt8(ascii: "}") {
                index += 1
                return true
            }
            var previous: Range<Int>?
            while true {
                guard index < buffer.count, buffer[index] == UInt8(ascii: "\""),
                    let key = string(asciiOnly: true)
                else { return false }
                // Strictly increasing keys cannot repeat, so the parser finds no duplicate.
                if let previous, !Self.isLess(previous, key, in: buffer) { return false }
                previous = key
                guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else { return false }
                index += 1
                guard value(depth: depth) else { return false }
                guard index < buffer.count else { return false }
                if buffer[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard buffer[index] == UInt8(ascii: "}") else { return false }
                index += 1
                return true
            }
        }

        mutating func array(depth: Int) -> Bool {
            guard depth <= JSONParser.maximumDepth else { return false }
            index += 1
            if index < buffer.count, buffer[index] == UInt8(ascii: "]") {
                index += 1
                return true
            }
            while true {
                guard value(depth: depth), index < buffer.count else { return false }
                if buffer[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard buffer[index] == UInt8(ascii: "]") else { return false }
                index += 1
                return true
            }
        }

        /// A string without escapes or control bytes, in valid UTF-8 (ASCII for a key: the parser compares keys as
        /// `String`s, which takes some different non-ASCII byte runs as equal); the range of its content.
        mutating func string(asciiOnly: Bool) -> Range<Int>? {
            index += 1
            let start = index
            // Eight bytes at a time, to the first quote, backslash or control byte (bytes above 0x7F are gathered,
            // to check the UTF-8 once): a byte at a time, this loop was most of the vouching.
            var high: UInt64 = 0
            var isASCII = true
            let base = UnsafeRawPointer(buffer.baseAddress!)
            var stopped = false
            while index + 8 <= buffer.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let special = PayloadBytes.specialBytes(word)
                guard special != 0 else {
                    high |= word
                    index += 8
                    continue
                }
                // Little-endian: the lowest flagged byte comes first, and it is a true one.
                let offset = special.trailingZeroBitCount >> 3
                high |= word & ((1 << (UInt64(offset) << 3)) &- 1)
                index += offset
                stopped = true
                break
            }
            if high & 0x8080_8080_8080_8080 != 0 { isASCII = false }
            if !stopped {
                while index < buffer.count {
                    let byte = buffer[index]
                    if byte == UInt8(ascii: "\"") || byte < 0x20 || byte == UInt8(ascii: "\\") { break }
                    if byte >= 0x80 { isASCII = false }
                    index += 1
                }
            }
            guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else { return nil }
            let content = start..<index
            index += 1
            if isASCII { return content }
            guard !asciiOnly, UTF8Check.isValid(UnsafeBufferPointer(rebasing: buffer[content])) else { return nil }
            return content
        }

        /// `-?(0|[1-9][0-9]*)` of at most `JSONNumber.maximumDigits` digits, not `-0`, followed by a structural
        /// byte: the integers the parser keeps as they are written.
        mutating func integer() -> Bool {
            let negative = buffer[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            let start = index
            while index < buffer.count, Self.isDigit(buffer[index]) { index += 1 }
            let count = index - start
            guard count > 0, count <= JSONNumber.maximumDigits, index < buffer.count,
                PayloadBytes.isStructural(buffer[index])
            else { return false }
            if buffer[start] == UInt8(ascii: "0") { return count == 1 && !negative }
            return true
        }

        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= buffer.count,
                Self.equal(buffer, at: index, UnsafeBufferPointer(start: text.utf8Start, count: count))
            else { return false }
            index += count
            return true
        }

        static func isLess(_ left: Range<Int>, _ right: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
            let common = min(left.count, right.count)
            for offset in 0..<common where buffer[left.lowerBound + offset] != buffer[right.lowerBound + offset] {
                return buffer[left.lowerBound + offset] < buffer[right.lowerBound + offset]
            }
            return left.count < right.count
        }

        /// Whether the bytes of `buffer` from `start` on begin with `wanted`.
        static func equal(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int, _ wanted: UnsafeBufferPointer<UInt8>)
            -> Bool
        {
            for offset in 0..<wanted.count where buffer[start + offset] != wanted[offset] { return false }
            return true
        }
    }
}
