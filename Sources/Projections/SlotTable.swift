#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// SlotTable finds a rebuild's registers by slot: an open-addressing table of each slot's digest and position.
///
/// At 1M events a rebuild holds ≈ 400k slots and looks one up for every event. A `Dictionary` keyed by the slot
/// hashed its digest again through `Hasher`, copied the slot (two retains and releases) into the key, and compared
/// the slots' Strings as Swift compares them; here an entry is a digest and a position, so probes and growth read
/// no string, and a digest that matches compares the slot with the one at that position, its item by bytes. Items
/// are compared by their bytes, not as Swift compares Strings (canonically equivalent texts): a valid event's items
/// are ASCII tokens, where the two agree, and the digest, taken of the bytes, told such texts apart before too.
struct SlotTable {
    private struct Entry {
        var digest: UInt64
        /// The slot's position, or -1 for an empty entry.
        var position: Int32
    }

    private var entries: [Entry] = []
    private var used = 0
    /// How far a digest's product is shifted to pick an entry: 64 minus the bits of `entries.count`.
    private var shift: UInt64 = 64

    /// The position of `slot` among `slots`, the slots noted so far in the order noted; when it is not among them,
    /// it is noted as the next one (`slots.count`), which the caller then appends.
    mutating func position(of slot: ViewSlot, among slots: [ViewSlot]) -> Int {
        if used * 2 >= entries.count { grow() }
        let digest = Self.digest(slot)
        let next = slots.count
        return entries.withUnsafeMutableBufferPointer { entries in
            let mask = entries.count - 1
            var index = Self.start(digest, shift)
            while true {
                let entry = entries[index]
                if entry.position < 0 {
                    entries[index] = Entry(digest: digest, position: Int32(next))
                    used += 1
                    return next
                }
                if entry.digest == digest, Self.same(slots[Int(entry.position)], slot) { return Int(entry.position) }
                index = (index + 1) & mask
            }
        }
    }

    /// Doubles the entries (64 at first) and places every one again by its digest alone.
    private mutating func grow() {
        let old = entries
        let count = max(64, entries.count * 2)
        entries = Array(repeating: Entry(digest: 0, position: -1), count: count)
        shift = UInt64(64 - count.trailingZeroBitCount)
        entries.withUnsafeMutableBufferPointer { entries in
            for entry in old where entry.position >= 0 {
                var index = Self.start(entry.digest, shift)
                while entries[index].position >= 0 { index = (index + 1) & (count - 1) }
                entries[index] = entry
            }
        }
    }

    /// The first entry to probe for `digest`: the high bits of its product with an odd constant.
    private static func start(_ digest: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (digest &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Whether two slots are the same register: view, kind and section as Swift compares them (a view's few section
    /// names), the item by its bytes.
    private static func same(_ held: ViewSlot, _ slot: ViewSlot) -> Bool {
        guard held.view == slot.view, held.kind == slot.kind, held.section == slot.section else { return false }
        var heldItem = held.item
        var item = slot.item
        return heldItem.withUTF8 { heldBytes in
            item.withUTF8 { bytes in
                heldBytes.count == bytes.count
                    && (bytes.isEmpty || memcmp(heldBytes.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
            }
        }
    }

    /// The digest of a slot: its item's bytes (which tell slots apart nearly always) and its section's length.
    static func digest(_ slot: ViewSlot) -> UInt64 {
        var item = slot.item
        return item.withUTF8 { digest(UnsafeRawBufferPointer($0)) } &+ UInt64(truncatingIfNeeded: slot.section.utf8.count)
    }

    /// Mixes `bytes` eight at a time (a multiply and a shift each): `start` spreads the digest again, so this only
    /// has to tell texts apart.
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
