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
}
