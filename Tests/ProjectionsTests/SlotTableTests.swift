import EventModel
import Testing

@testable import Projections

/// A rebuild finds a slot's register in a `SlotTable`, whose digests settle probes without reading the strings.
@Suite struct SlotTableTests {
    /// Items as a rebuild meets them, of every length around the eight-byte steps the digest takes.
    static let items: [String] = (0...40).flatMap { length in
        ["a", "b", "é"].map { last in String(repeating: "figure/x", count: 6).prefix(length) + last }
    }

    @Test func itemsDifferingInAnyByteGetDifferentDigests() {
        var seen: [UInt64: String] = [:]
        for item in Self.items {
            let digest = SlotTable.digest(ViewSlot(view: .programme, section: "figures", item: item, kind: .versioned))
            #expect(seen.updateValue(item, forKey: digest) == nil, "\(item) shares its digest")
        }
    }

    /// Slots that share their item (so their digests nearly or wholly) but differ in view, section or kind are
    /// registers of their own; a slot made again from equal texts finds its register, across the table's growth.
    @Test func slotsFindTheirPositionExactlyWhenEqual() {
        var table = SlotTable()
        var slots: [ViewSlot] = []
        for item in Self.items.prefix(30) {
            for view in ViewName.allCases {
                for section in ["figures", "agenda", "status"] {
                    for kind in [ViewSlot.Kind.versioned, .latest] {
                        let slot = ViewSlot(view: view, section: section, item: item, kind: kind)
                        #expect(table.position(of: slot, among: slots) == slots.count)
                        slots.append(slot)
                    }
                }
            }
        }
        for (index, slot) in slots.enumerated() {
            let again = ViewSlot(view: slot.view, section: String(slot.section), item: String(slot.item), kind: slot.kind)
            #expect(table.position(of: again, among: slots) == index)
        }
        // An item differing from a held one only in its length or last byte is new.
        let other = ViewSlot(view: .programme, section: "figures", item: Self.items[0] + "x", kind: .versioned)
        #expect(table.position(of: other, among: slots) == slots.count)
    }

    static func mix(_ digest: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (digest ^ word) &* 0x100_0000_01B3_9E37
        return mixed ^ (mixed >> 29)
    }

    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// Two different 15-byte ASCII items with one full 64-bit digest (the digest is easy to invert: a search of a few
    /// million tries finds them), built as `SlotTable.digest` mixes an item: eight bytes, then a tail of seven.
    static func collidingItems() -> (String, String)? {
        var rng = SplitMix64(seed: 99)
        let d0 = UInt64(15) &* 0x9E37_79B9_7F4A_7C15
        let first = Array("figure/x".utf8)
        let tail = Array("abcdefg".utf8)
        let d1 = mix(d0, word(first))
        for _ in 0..<5_000_000 {
            let other = (0..<8).map { _ in UInt8(0x20 + rng.next() % 0x5F) }
            let d1b = mix(d0, word(other))
            let x = d1 ^ d1b
            guard x >> 56 == 0 else { continue }
            let tailWord = word(tail) ^ x
            let otherTail = (0..<7).map { UInt8(truncatingIfNeeded: tailWord >> (8 * UInt64($0))) }
            guard otherTail.allSatisfy({ $0 < 0x80 }) else { continue }
            return (String(decoding: first + tail, as: UTF8.self), String(decoding: other + otherTail, as: UTF8.self))
        }
        return nil
    }

    /// Equal digests settle nothing alone: the items are compared byte for byte.
    @Test func slotsWithEqualDigestsButDifferentItemsStayApart() throws {
        let (a, b) = try #require(Self.collidingItems())
        let slotA = ViewSlot(view: .followup, section: "figures", item: a, kind: .versioned)
        let slotB = ViewSlot(view: .followup, section: "figures", item: b, kind: .versioned)
        #expect(a != b)
        #expect(SlotTable.digest(slotA) == SlotTable.digest(slotB))
        var table = SlotTable()
        var slots: [ViewSlot] = []
        #expect(table.position(of: slotA, among: slots) == 0)
        slots.append(slotA)
        #expect(table.position(of: slotB, among: slots) == 1)
        slots.append(slotB)
        #expect(table.position(of: slotA, among: slots) == 0)
        #expect(table.position(of: slotB, among: slots) == 1)
    }
}
