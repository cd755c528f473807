/// StreamID names the item an event belongs to. Opaque to the log: 1–128 characters from
/// `A–Z a–z 0–9 . _ : / @ -`, so it never carries personal data by accident of free text.
public struct StreamID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The identifier text.
    public let rawValue: String
    /// The longest accepted stream id.
    public static let maximumLength = 128

    /// Validates `text`, or returns nil.
    public init?(_ text: some StringProtocol) {
        let text = String(text)  // see EnvelopeText.isToken
        guard EnvelopeText.isToken(text, maximumLength: Self.maximumLength, extra: "._:/@-") else { return nil }
        rawValue = text
    }

    /// The identifier text.
    public var description: String { rawValue }
    /// Orders stream ids by their bytes.
    public static func < (lhs: StreamID, rhs: StreamID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}

/// EventType names what happened: lowercase words joined by `.`, `_` or `-`, e.g. `meeting.scheduled`.
public struct EventType: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The type text.
    public let rawValue: String
    /// The longest accepted type name.
    public static let maximumLength = 64

    /// A 64-bit FNV-1a digest of `rawValue`, taken once: equality and hashing start from it.
    ///
    /// Every event folded looks its type up in a few dictionaries and compares it with a dozen constants; hashing
    /// and comparing the text each time was over a tenth of a rebuild's indexing.
    private let key: UInt64

    /// Validates `text`, or returns nil.
    public init?(_ text: some StringProtocol) {
        let text = String(text)  // see EnvelopeText.isToken
        guard let first = text.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            EnvelopeText.isToken(text, maximumLength: Self.maximumLength, extra: "._-", allowsUppercase: false)
        else { return nil }
        rawValue = text
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { digest = (digest ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        key = digest
    }

    /// Whether two types have the same text.
    public static func == (lhs: EventType, rhs: EventType) -> Bool { lhs.key == rhs.key && lhs.rawValue == rhs.rawValue }

    /// Feeds the digest of the text, which equal types share.
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// The type text.
    public var description: String { rawValue }
    /// Orders types by their bytes.
    public static func < (lhs: EventType, rhs: EventType) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}

/// Author names the person (or service) who wrote an event: 1–128 characters, no control characters.
public struct Author: Sendable, Hashable, CustomStringConvertible {
    /// The author text.
    public let rawValue: String
    /// The longest accepted author name.
    public static let maximumLength = 128

    /// Validates `text`, or returns nil.
    public init?(_ text: some StringProtocol) {
        var text = String(text)  // see EnvelopeText.isToken
        // Counting characters means breaking graphemes; a text of at most 128 bytes has at most 128 of them, so
        // only longer texts are counted. Control characters are single bytes below 0x80 in UTF-8, which no
        // other scalar's bytes are, so the bytes are scanned instead of the scalars.
        guard !text.isEmpty, text.utf8.count <= Self.maximumLength || text.count <= Self.maximumLength,
            !text.withUTF8({ $0.contains { $0 < 0x20 || $0 == 0x7F } })
        else { return nil }
        rawValue = text
    }

    /// The author text.
    public var description: String { rawValue }
}

enum EnvelopeText {
    static func isToken(_ text: String, maximumLength: Int, extra: StaticString, allowsUppercase: Bool = true) -> Bool {
        // Checked for every envelope read, received or appended: walks the bytes in place and looks the few
        // extra characters up in `extra` itself, so nothing is allocated. A `String`, not `some StringProtocol`:
        // generic code called from another module runs unspecialized, through a protocol witness per byte,
        // which made these checks 15 % of a rebuild's instructions; the public initialisers convert once. The
        // bytes are walked through `withUTF8`: the `UTF8View`'s iterator cost 1,000 instructions a stream id.
        var text = text
        return text.withUTF8 { bytes in
            guard (1...maximumLength).contains(bytes.count) else { return false }
            // The accepted ASCII bytes as 128 bits, one test a byte: looking each punctuation byte up in `extra`
            // cost a stream id (a received event's longest token) 650 instructions.
            var allowed = (low: digits, high: lowercase | (allowsUppercase ? uppercase : 0))
            for position in 0..<extra.utf8CodeUnitCount {
                let byte = extra.utf8Start[position]
                if byte < 64 { allowed.low |= 1 << byte } else { allowed.high |= 1 << (byte & 63) }
            }
            for byte in bytes {
                let word = byte < 64 ? allowed.low : allowed.high
                guard byte < 128, word >> (byte & 63) & 1 == 1 else { return false }
            }
            return true
        }
    }

    /// Bits of `0`–`9` among bytes 0–63, and of `A`–`Z` and `a`–`z` among bytes 64–127.
    private static let digits: UInt64 = 0x03FF << 48
    private static let uppercase: UInt64 = 0x03FF_FFFF << 1
    private static let lowercase: UInt64 = 0x03FF_FFFF << 33
}
