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
        guard digits.count == 64 else { return nil }
        // Without a branch per digit: every received event's claimed hash and previous hash are read here, and
        // a test and an optional per digit cost 600 instructions a hash. A bad digit is only noted, and the
        // result dropped at the end.
        var bad: UInt8 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            for position in 0..<32 {
                let high = Self.nibble(digits[2 &* position], bad: &bad)
                let low = Self.nibble(digits[2 &* position &+ 1], bad: &bad)
                buffer[position] = high << 4 | low
            }
            count = 32
        }
        return bad == 0 ? bytes : nil
    }

    /// The value of the lowercase hex digit `digit`; for any other byte, `bad` is set nonzero.
    @inline(__always)
    private static func nibble(_ digit: UInt8, bad: inout UInt8) -> UInt8 {
        let decimal = digit &- UInt8(ascii: "0")
        let letter = digit &- UInt8(ascii: "a")
        let isDecimal = decimal < 10
        bad |= (isDecimal || letter < 6) ? 0 : 1
        return isDecimal ? decimal : letter &+ 10
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
