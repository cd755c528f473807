import CCrypto

/// EventHash is a SHA-256 digest: an event's identity, a chain link, or a view digest.
///
/// The 32 bytes are held inline (four words in the bytes' own order), not in an array: every received event
/// carries two or more hashes and a digest of its bytes, and each array was an allocation and a reference
/// counted on every copy of the event, its link or its offer.
public struct EventHash: Sendable, Hashable, Comparable, CustomStringConvertible, ContiguousBytes {
    /// The digest's bytes in order, as laid out in memory.
    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The 32 digest bytes (a new array: read them in place with `withUnsafeBytes` where it counts).
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Calls `body` with the 32 digest bytes, in place.
    ///
    /// Inlinable, so that other modules (the rows a log stores, the keys of a rebuild) get it specialized: called
    /// generic it cost ≈ 166 instructions a call.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words) { try body($0) }
    }

    /// The hash that stands before the first event of every chain: 32 zero bytes.
    public static let zero = EventHash()

    private init() {}

    /// Equal when all 32 bytes are.
    public static func == (lhs: EventHash, rhs: EventHash) -> Bool {
        (lhs.words.0 ^ rhs.words.0) | (lhs.words.1 ^ rhs.words.1) | (lhs.words.2 ^ rhs.words.2)
            | (lhs.words.3 ^ rhs.words.3) == 0
    }

    /// Feeds the digest bytes to `hasher` in one run. The synthesized hash fed them one at a time, with the
    /// array's count, which cost 3 % of a projection rebuild (the views key versions and parents by hash).
    /// All 32 bytes, not a prefix: `parents` are whatever an author writes, so they need not be uniform.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Wraps 32 digest bytes, or returns nil for any other length.
    ///
    /// Called from other modules this runs unspecialized, so the bytes are copied from contiguous storage in one
    /// move: a loop over `enumerated()` looked up generic metadata for every byte, and made the page reader of a
    /// rebuild (two hashes and the parents of every row) three times slower.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(source)) }
        }
        guard copied == nil else { return }
        Swift.withUnsafeMutableBytes(of: &words) { out in
            var position = 0
            for byte in bytes {
                out[position] = byte
                position += 1
            }
        }
    }

    /// Wraps 32 digest bytes held in place (a row's column), or returns nil for any other length.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    /// Parses 64 lowercase hexadecimal digits, or returns nil.
    public init?(hex: some StringProtocol) {
        var text = String(hex)  // one conversion, then concrete code (see EnvelopeText.isToken)
        // Read in place: three hashes of every received event are parsed, and copying the digits into an
        // array first cost an allocation each.
        guard let hash = text.withUTF8({ Self(hexDigits: $0) }) else { return nil }
        self = hash
    }

    /// The 32 bytes written as the 64 lowercase hex digits `digits`; nil for anything else.
    static func bytes(hex digits: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        EventHash(hexDigits: digits)?.bytes
    }

    /// The hash written as the 64 lowercase hex digits `digits`; nil for anything else.
    init?(hexDigits digits: UnsafeBufferPointer<UInt8>) {
        guard digits.count == 64, let start = digits.baseAddress else { return nil }
        // Through a pointer and without a branch per digit: every received event's claimed and previous hash are
        // read here, and the digit-by-digit switch with an optional cost 1,300 instructions a hash (now ≈ 140).
        // A byte that is no lowercase hex digit is only noted, and the result dropped at the end.
        var bad: UInt8 = 0
        Swift.withUnsafeMutableBytes(of: &words) { out in
            var digit = start
            for position in 0..<32 {
                let high = digit[0]
                let low = digit[1]
                bad |= (Self.isHexDigit(high) ? 0 : 1) | (Self.isHexDigit(low) ? 0 : 1)
                // `0`–`9` are 0x30–0x39 and `a`–`f` 0x61–0x66: the low four bits, plus 9 for a letter (bit 6).
                out[position] = ((high & 0x0F) &+ (high >> 6) &* 9) << 4 | ((low & 0x0F) &+ (low >> 6) &* 9)
                digit += 2
            }
        }
        guard bad == 0 else { return nil }
    }

    /// Whether `byte` is `0`–`9` or `a`–`f`.
    @inline(__always)
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || byte &- UInt8(ascii: "a") < 6
    }

    // Fetched once: OpenSSL 3 looks the implementation up in its provider on every `EVP_sha256()`
    // use, which cost several times the hashing itself of a 300-byte event. A fetched EVP_MD is
    // immutable and safe to share between threads.
    nonisolated(unsafe) private static let sha256Algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA2-256", nil)

    /// The SHA-256 digest of `data`, computed by libcrypto.
    public static func sha256(_ data: some ContiguousBytes) -> EventHash {
        data.withUnsafeBytes { sha256(bytes: $0) }
    }

    /// The SHA-256 digest of `first` followed by `second`, as of one run of bytes.
    static func sha256(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> EventHash {
        // Joined in one buffer (on the stack when small): a digest context of its own costs more than the copy.
        withUnsafeTemporaryAllocation(byteCount: first.count + second.count, alignment: 1) { joined in
            if !first.isEmpty { joined.baseAddress!.copyMemory(from: first.baseAddress!, byteCount: first.count) }
            if !second.isEmpty {
                (joined.baseAddress! + first.count).copyMemory(from: second.baseAddress!, byteCount: second.count)
            }
            return sha256(bytes: UnsafeRawBufferPointer(joined))
        }
    }

    /// The SHA-256 digest of `input`, read where it lies (an event's encoding is hashed from a buffer on the stack).
    static func sha256(bytes input: UnsafeRawBufferPointer) -> EventHash {
        var digest = EventHash()
        Swift.withUnsafeMutableBytes(of: &digest.words) { output in
            var length: UInt32 = 0
            let ok = EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, Self.sha256Algorithm, nil)
            precondition(ok == 1 && length == 32, "libcrypto failed to compute SHA-256")
        }
        return digest
    }

    /// 64 lowercase hexadecimal digits.
    public var hex: String {
        let alphabet: StaticString = "0123456789abcdef"
        let digits = alphabet.utf8Start
        return String(unsafeUninitializedCapacity: 64) { out in
            withUnsafeBytes { bytes in
                for (position, byte) in bytes.enumerated() {
                    out[2 * position] = digits[Int(byte >> 4)]
                    out[2 * position + 1] = digits[Int(byte & 0x0F)]
                }
            }
            return 64
        }
    }

    /// The first 12 hex digits, enough to tell hashes apart on a screen.
    public var short: String { String(hex.prefix(12)) }

    /// The hex form.
    public var description: String { hex }

    /// Orders hashes by their bytes, for deterministic tie-breaks.
    public static func < (lhs: EventHash, rhs: EventHash) -> Bool {
        // The words hold the bytes in memory order: read big-endian, their order is the bytes' order.
        let left = (UInt64(bigEndian: lhs.words.0), UInt64(bigEndian: lhs.words.1), UInt64(bigEndian: lhs.words.2), UInt64(bigEndian: lhs.words.3))
        let right = (UInt64(bigEndian: rhs.words.0), UInt64(bigEndian: rhs.words.1), UInt64(bigEndian: rhs.words.2), UInt64(bigEndian: rhs.words.3))
        return left < right
    }
}

/// ContiguousBytes is anything whose bytes can be read in one piece.
public protocol ContiguousBytes {
    /// Calls `body` with the bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
