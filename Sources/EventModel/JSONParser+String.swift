extension JSONParser {
    /// Reads a string at `index` (its opening quote), escapes and UTF-8 checked; `index` ends after its closing quote.
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
