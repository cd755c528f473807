import EventModel

/// HashKey is an event hash as four machine words: a dictionary key that hashes in a few instructions.
///
/// A rebuild keeps, sorts and compares the hash of every live version: the key's words are big-endian, so
/// comparing them as numbers compares the bytes, where `EventHash` keeps its words in the bytes' memory order.
struct HashKey: Hashable, Comparable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The key of `hash`.
    init(_ hash: EventHash) {
        // Four loads, read in place: this runs for every version and parent a rebuild indexes, and `hash.bytes`
        // is a new array on every call.
        self.init(
            words: hash.withUnsafeBytes { raw in
                func word(_ index: Int) -> UInt64 {
                    UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                }
                return (word(0), word(1), word(2), word(3))
            })
    }

    /// The 32 hash bytes again.
    var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            for (index, word) in [words.0, words.1, words.2, words.3].enumerated() {
                for shift in 0..<8 { buffer[index * 8 + shift] = UInt8(truncatingIfNeeded: word >> UInt64(56 - shift * 8)) }
            }
            count = 32
        }
    }

    /// Calls `body` with the 32 hash bytes, held on the stack.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(
            of: (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian), body)
    }

    /// Orders keys as `EventHash` orders hashes, by their bytes: byte 0 is the high byte of the first word.
    /// (Swapping the bytes of little-endian words on every comparison cost 8 % of a rebuild, in sorting heads.)
    static func < (lhs: HashKey, rhs: HashKey) -> Bool { lhs.words < rhs.words }

    static func == (lhs: HashKey, rhs: HashKey) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    func hash(into hasher: inout Hasher) {
        // Every word: a hash in `parents` is whatever its author wrote, so many could share their first word.
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
