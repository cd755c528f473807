import CCrypto

/// EventHash is a SHA-256 digest: an event's identity, a chain link, or a view digest.
public struct EventHash: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The hash that stands before the first event of every chain: 32 zero bytes.
    public static let zero = EventHash(unchecked: [UInt8](repeating: 0, count: 32))

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Feeds the digest bytes to `hasher` in one run. The synthesized hash fed them one at a time, with the
    /// array's count, which cost 3 % of a projection rebuild (the views key versions and parents by hash).
    /// All 32 bytes, not a prefix: `parents` are whatever an author writes, so they need not be uniform.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Wraps 32 digest bytes, or returns nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses 64 lowercase hexadecimal digits, or returns nil.
    public init?(hex: some StringProtocol) {
        var text = String(hex)  // one conversion, then concrete code (see EnvelopeText.isToken)
        // Read in place: three hashes of every received event are parsed, and copying the digits into an
        // array first cost an allocation each.
        guard let bytes = text.withUTF8({ Self.bytes(hex: $0) }) else { return nil }
        self.bytes = bytes
    }

    /// The 32 bytes written as the 64 lowercase hex digits `digits`; nil for anything else.
    static func bytes(hex digits: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard digits.count == 64, let start = digits.baseAddress else { return nil }
        // Through a pointer and without a branch per digit: every received event's claimed and previous hash are
        // read here, and the digit-by-digit switch with an optional cost 1,300 instructions a hash (now ≈ 140).
        // A byte that is no lowercase hex digit is only noted, and the result dropped at the end.
        var bad: UInt8 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            var digit = start
            let out = buffer.baseAddress!
            for position in 0..<32 {
                let high = digit[0]
                let low = digit[1]
                bad |= (Self.isHexDigit(high) ? 0 : 1) | (Self.isHexDigit(low) ? 0 : 1)
                // `0`–`9` are 0x30–0x39 and `a`–`f` 0x61–0x66: the low four bits, plus 9 for a letter (bit 6).
                out[position] = ((high & 0x0F) &+ (high >> 6) &* 9) << 4 | ((low & 0x0F) &+ (low >> 6) &* 9)
                digit += 2
            }
            count = 32
        }
        return bad == 0 ? bytes : nil
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

    private static func sha256(bytes input: UnsafeRawBufferPointer) -> EventHash {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { output in
            var length: UInt32 = 0
            let ok = EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, Self.sha256Algorithm, nil)
            precondition(ok == 1 && length == 32, "libcrypto failed to compute SHA-256")
        }
        return EventHash(unchecked: digest)
    }

    /// 64 lowercase hexadecimal digits.
    public var hex: String {
        let alphabet = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(alphabet[Int(byte >> 4)])
            out.append(alphabet[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first 12 hex digits, enough to tell hashes apart on a screen.
    public var short: String { String(hex.prefix(12)) }

    /// The hex form.
    public var description: String { hex }

    /// Orders hashes by their bytes, for deterministic tie-breaks.
    public static func < (lhs: EventHash, rhs: EventHash) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

/// ContiguousBytes is anything whose bytes can be read in one piece.
public protocol ContiguousBytes {
    /// Calls `body` with the bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
