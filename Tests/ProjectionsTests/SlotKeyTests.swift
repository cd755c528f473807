import Testing

@testable import Projections

/// A rebuild finds a slot's register by `SlotKey`, whose digest settles comparisons without reading the strings.
@Suite struct SlotKeyTests {
    /// Items as a rebuild meets them, of every length around the eight-byte steps the digest takes.
    static let items: [String] = (0...40).flatMap { length in
        ["a", "b", "é"].map { last in String(repeating: "figure/x", count: 6).prefix(length) + last }
    }

    @Test func itemsDifferingInAnyByteGetDifferentDigests() {
        var seen: [UInt64: String] = [:]
        for item in Self.items {
            let key = SlotKey(ViewSlot(view: .programme, section: "figures", item: item, kind: .versioned))
            #expect(seen.updateValue(item, forKey: key.digest) == nil, "\(item) shares its digest")
        }
    }

    @Test func keysAreEqualExactlyWhenTheirSlotsAre() {
        var positions: [SlotKey: Int] = [:]
        var slots: [ViewSlot] = []
        for item in Self.items.prefix(30) {
            for view in ViewName.allCases {
                for section in ["figures", "agenda"] {
                    for kind in [ViewSlot.Kind.versioned, .latest] {
                        slots.append(ViewSlot(view: view, section: section, item: item, kind: kind))
                    }
                }
            }
        }
        for (index, slot) in slots.enumerated() { positions[SlotKey(slot)] = index }
        #expect(positions.count == slots.count)
        for (index, slot) in slots.enumerated() {
            // A key made again from equal texts finds the same register.
            let again = ViewSlot(view: slot.view, section: String(slot.section), item: String(slot.item), kind: slot.kind)
            #expect(positions[SlotKey(again)] == index)
        }
    }
}
