import EventModel

/// HashKey is an event hash as four machine words: a dictionary key that hashes in a few instructions.
///
/// `EventHash` hashes its 32 bytes one at a time through its `[UInt8]`; a rebuild looks up every event
/// by hash, so that cost more than the lookup itself. Read from bytes or straight from 64 hex digits.
struct HashKey: Hashable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The key of `hash`.
    init(_ hash: EventHash) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (position, byte) in hash.bytes.prefix(32).enumerated() { Self.add(byte, at: position, to: &words) }
        self.init(words: words)
    }

    /// The key of the hash written as 64 lowercase hex digits, or nil for anything else.
    init?(hex: String) {
        var text = hex
        let words = text.withUTF8 { digits -> (UInt64, UInt64, UInt64, UInt64)? in
            guard digits.count == 64 else { return nil }
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            for position in 0..<32 {
                guard let high = Self.nibble(digits[2 * position]), let low = Self.nibble(digits[2 * position + 1])
                else { return nil }
                Self.add(high << 4 | low, at: position, to: &words)
            }
            return words
        }
        guard let words else { return nil }
        self.init(words: words)
    }

    /// Puts byte `position` of the hash into its word, little-endian within the word.
    private static func add(_ byte: UInt8, at position: Int, to words: inout (UInt64, UInt64, UInt64, UInt64)) {
        let shifted = UInt64(byte) << UInt64((position & 7) << 3)
        switch position >> 3 {
        case 0: words.0 |= shifted
        case 1: words.1 |= shifted
        case 2: words.2 |= shifted
        default: words.3 |= shifted
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    static func == (lhs: HashKey, rhs: HashKey) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    func hash(into hasher: inout Hasher) {
        // The words are SHA-256 output, already uniform: one of them spreads the keys well.
        hasher.combine(words.0)
    }
}
