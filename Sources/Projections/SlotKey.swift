/// SlotKey is a slot as the key of a rebuild's dictionary of registers: with a digest of its item taken once.
///
/// At 1M events the dictionary holds ≈ 400k slots, and a lookup compared the slot's strings with each stored key
/// on its probe (each a pointer into the heap, mostly out of cache), and every growth hashed every item again.
/// The digest settles nearly every comparison and every rehash without reading a string; equal digests still
/// compare the slots. The item alone tells slots apart nearly always (as `ViewSlot.hash(into:)` has it).
/// Items are compared by their bytes, not as Swift compares Strings (canonically equivalent texts): a valid
/// event's items are ASCII tokens, where the two agree.
struct SlotKey: Hashable {
    let slot: ViewSlot
    let digest: UInt64

    init(_ slot: ViewSlot) {
        self.slot = slot
        var item = slot.item
        digest = item.withUTF8 { Self.digest(UnsafeRawBufferPointer($0)) }
    }

    static func == (lhs: SlotKey, rhs: SlotKey) -> Bool { lhs.digest == rhs.digest && lhs.slot == rhs.slot }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    /// Mixes `bytes` eight at a time (a multiply and a shift each): the dictionary's `Hasher` still spreads the
    /// digest, so this only has to tell texts apart.
    static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        func mix(_ digest: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (digest ^ word) &* 0x100_0000_01B3_9E37
            return mixed ^ (mixed >> 29)
        }
        var digest = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset + 8 <= bytes.count {
            digest = mix(digest, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        withUnsafeMutableBytes(of: &tail) { tail in
            tail.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
        return mix(digest, tail)
    }
}
