/// CanonicalWriter writes canonical JSON through a pointer, into room its caller counted beforehand with the
/// `…Count` and `…Bound` functions: an event's canonical encoding is written this way for every append and every
/// hash check.
///
/// Appending piece by piece to an array checked its room and uniqueness at every one of the ≈ 40 pieces of an
/// event (≈ 4,000 instructions an event, half its encoding); counted first, the bytes go in without a check and,
/// for hashing, into a buffer on the stack instead of a new array. Its output is byte for byte what
/// `CanonicalJSON.writeString`, `String(_:)` of an integer and `EventHash.hex` write
/// (Tests/EventModelTests/CanonicalEncodingTests.swift compares them).
public struct CanonicalWriter {
    /// Where the next byte goes.
    public var cursor: UnsafeMutablePointer<UInt8> { next }
    // Usable from inline code, so that the small writes are inlined into other modules (the append receipt): called,
    // each cost ≈ 40 instructions.
    @usableFromInline var next: UnsafeMutablePointer<UInt8>

    /// Writes from `start`; the caller owns at least as much room there as it counted.
    public init(_ start: UnsafeMutablePointer<UInt8>) { next = start }

    /// The bytes of `String(value)`.
    public static func decimalCount(_ value: Int64) -> Int {
        (value < 0 ? 1 : 0) + digitCount(value.magnitude)
    }

    /// The decimal digits of `magnitude`, from its bit length and one comparison (a loop dividing by ten cost ≈ 100
    /// instructions for a clock's 16 digits). The method of "Bit Twiddling Hacks" (S. E. Anderson), "Find integer
    /// log base 10 of an integer".
    static func digitCount(_ magnitude: UInt64) -> Int {
        let value = magnitude | 1  // 0 has one digit, as 1 has; no power of ten above 1 is odd, so no other count moves
        let bits = UInt64.bitWidth - value.leadingZeroBitCount
        // 1233 / 4096 ≈ log10(2): `guess` is the digits of `value` or one more (at most 19 for 64 bits).
        let guess = (bits &* 1_233) >> 12
        return guess + 1 - (value < powerOfTen(guess) ? 1 : 0)
    }

    /// 10 to the power `exponent`, 0 through 19.
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        default: 10_000_000_000_000_000_000
        }
    }

    /// The bytes of `CanonicalJSON.writeString` of UTF-8 `bytes`, quotes included.
    public static func stringCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = bytes.count + 2
        guard !isPlain(bytes) else { return count }
        for byte in bytes where needsEscape(byte) { count += escapeCount(byte) - 1 }
        return count
    }

    /// Whether `bytes` hold no byte that a JSON string escapes (a control byte, `"` or `\`): the usual case, whose
    /// bytes are copied in one piece. Read eight at a time (checking byte by byte cost ≈ 6 instructions a byte).
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var found: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // Nonzero exactly when some byte is below 0x20, or (as a zero byte after the xor) is `"` or `\`
            // ("Bit Twiddling Hacks": "Determine if a word has a byte less than n", valid for n up to 128).
            found |= (word &- ones &* 0x20) & ~word & highs
            found |= (word ^ (ones &* 0x22) &- ones) & ~(word ^ (ones &* 0x22)) & highs
            found |= (word ^ (ones &* 0x5C) &- ones) & ~(word ^ (ones &* 0x5C)) & highs
            index += 8
        }
        guard found == 0 else { return false }
        while index < bytes.count {
            if needsEscape(base[index]) { return false }
            index += 1
        }
        return true
    }

    /// The bytes of `CanonicalJSON.writeString(text)`, quotes included.
    public static func stringCount(_ text: String) -> Int {
        var text = text  // native strings are read in place
        return text.withUTF8 { stringCount($0) }
    }

    /// The most bytes `CanonicalJSON.writeString(text)` can take (each byte escaped as `\u00XX`): room for a string
    /// counted without reading it (a native string knows its UTF-8 length), as `writeString` reads it anyway.
    public static func stringBound(_ text: String) -> Int {
        2 + 6 * text.utf8.count
    }

    /// Writes static ASCII text.
    @inlinable
    public mutating func write(_ text: StaticString) {
        next.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        next += text.utf8CodeUnitCount
    }

    /// Writes one byte.
    @inlinable
    public mutating func write(_ byte: UInt8) {
        next.pointee = byte
        next += 1
    }

    /// Writes `bytes` as they are.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        UnsafeMutableRawPointer(next).copyMemory(from: base, byteCount: bytes.count)
        next += bytes.count
    }

    /// The bytes of a channel written as a JSON string (`writeQuoted(_:)`).
    public static func quotedCount(_ channel: Channel) -> Int {
        switch channel {
        case .region: 8  // "region"
        case .municipality(let code): 15 + decimalCount(Int64(code.rawValue))  // "municipality/<code>"
        }
    }

    /// Writes a channel as a JSON string, `quotedCount(channel)` bytes.
    public mutating func writeQuoted(_ channel: Channel) {
        switch channel {
        case .region: write("\"region\"")
        case .municipality(let code):
            write("\"municipality/")
            writeDecimal(Int64(code.rawValue))
            write(UInt8(ascii: "\""))
        }
    }

    /// Writes `String(value)`, `decimalCount(value)` bytes.
    public mutating func writeDecimal(_ value: Int64) {
        if value < 0 { write(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let digits = Self.digitCount(magnitude)
        // Two digits at a time from a table of the pairs "00" to "99": half the divisions.
        let pairs: StaticString = """
            00010203040506070809101112131415161718192021222324252627282930313233343536373839\
            40414243444546474849505152535455565758596061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899
            """
        var position = next + digits
        while magnitude >= 100 {
            let pair = Int(magnitude % 100) &* 2
            magnitude /= 100
            position -= 2
            position[0] = pairs.utf8Start[pair]
            position[1] = pairs.utf8Start[pair &+ 1]
        }
        if magnitude >= 10 {
            position -= 2
            position[0] = pairs.utf8Start[Int(magnitude) &* 2]
            position[1] = pairs.utf8Start[Int(magnitude) &* 2 &+ 1]
        } else {
            position -= 1
            position[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
        }
        next += digits
    }

    /// Writes `CanonicalJSON.writeString` of UTF-8 `bytes`: quoted, with the same escapes.
    public mutating func writeString(_ bytes: UnsafeBufferPointer<UInt8>) {
        write(UInt8(ascii: "\""))
        writeStringContent(bytes)
        write(UInt8(ascii: "\""))
    }

    /// Writes `CanonicalJSON.writeString(text)`.
    public mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { writeString($0) }
    }

    /// Writes the escaped bytes of a string literal without its quotes (`stringCount(bytes) - 2` bytes).
    public mutating func writeStringContent(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        guard !Self.isPlain(bytes) else { return write(UnsafeRawBufferPointer(bytes)) }
        var runStart = 0
        for index in 0..<bytes.count where Self.needsEscape(bytes[index]) {
            write(UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
            writeEscape(bytes[index])
            runStart = index + 1
        }
        write(UnsafeRawBufferPointer(start: base + runStart, count: bytes.count - runStart))
    }

    /// Writes the 64 lowercase hex digits of `hash`, without quotes.
    public mutating func writeHex(_ hash: EventHash) {
        // Both digits of a byte at once, from a table of the pairs "00" to "ff".
        let pairs: StaticString = """
            000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
            202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\
            404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f\
            606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f\
            808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f\
            a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf\
            c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf\
            e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff
            """
        let table = UnsafeRawPointer(pairs.utf8Start)
        let out = UnsafeMutableRawPointer(next)
        hash.withUnsafeBytes { bytes in
            for index in 0..<32 {
                let pair = table.loadUnaligned(fromByteOffset: Int(bytes[index]) &* 2, as: UInt16.self)
                out.storeBytes(of: pair, toByteOffset: 2 &* index, as: UInt16.self)
            }
        }
        next += 64
    }

    /// Writes `hash` as a JSON string: 66 bytes.
    public mutating func writeQuotedHex(_ hash: EventHash) {
        write(UInt8(ascii: "\""))
        writeHex(hash)
        write(UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// The bytes `CanonicalJSON` writes for a byte that needs an escape: `\"`, `\\`, `\n` and the like, or `\u00XX`.
    private static func escapeCount(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x0C, 0x0A, 0x0D, 0x09: 2
        default: 6
        }
    }

    private mutating func writeEscape(_ byte: UInt8) {
        write(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): write(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): write(UInt8(ascii: "\\"))
        case 0x08: write(UInt8(ascii: "b"))
        case 0x0C: write(UInt8(ascii: "f"))
        case 0x0A: write(UInt8(ascii: "n"))
        case 0x0D: write(UInt8(ascii: "r"))
        case 0x09: write(UInt8(ascii: "t"))
        default:
            let digits: StaticString = "0123456789abcdef"
            write("u00")
            write(digits.utf8Start[Int(byte >> 4)])
            write(digits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
