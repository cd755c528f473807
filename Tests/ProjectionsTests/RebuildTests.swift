import Domain
import EventLog
import EventModel
import Testing

@testable import Projections

/// A rebuild folds in memory and writes the rows once; it must leave exactly what folding event by event leaves.
@Suite struct RebuildTests {
    /// A random history delivered in a random order, with a clone of one node forking its chain on the way.
    func historyWithFork(seed: UInt64) throws -> (events: [Event], delivered: [Event]) {
        var history = try RandomHistory(seed: seed)
        for _ in 0..<150 { history.step() }
        // A backup of node 1 restored elsewhere: it goes on from here under the same origin.
        var clone = history.nodes[1]
        for _ in 0..<150 { history.step() }
        var rivals: [Event] = []
        for index in 0..<4 {
            rivals.append(
                clone.write(
                    DomainEventType.meetingMinutes, "meeting/m\(index % 3 + 1)",
                    ["meeting": .string("m\(index % 3 + 1)"), "text": .string("från klonen \(index)")]))
        }
        var delivered = history.deliveryOrder()
        var rng = SplitMix64(seed: seed &* 7)
        let at = Int.random(in: delivered.count / 2...delivered.count, using: &rng)
        delivered.insert(contentsOf: rivals, at: at)
        return (history.events + rivals, delivered)
    }

    @Test(arguments: [UInt64(21), 22, 23, 24])
    func rebuildOfARandomHistoryWithForksWritesWhatTheIncrementalFoldWrote(seed: UInt64) throws {
        let (_, delivered) = try historyWithFork(seed: seed)
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        let store = try ProjectionStore(log: log)
        var rng = SplitMix64(seed: seed &* 31)
        var offset = 0
        while offset < delivered.count {
            let chunk = Array(delivered[offset..<min(offset + Int.random(in: 1...40, using: &rng), delivered.count)])
            offset += chunk.count
            _ = try log.ingest(chunk)
            try store.catchUp(log: log, batchSize: Int.random(in: 1...50, using: &rng))
        }
        #expect(try !log.forkCutoffs().isEmpty)
        let incrementalRows = try viewRows(log.database)
        let incrementalStatus = try store.status()
        let incrementalDigests = try storeDigests(store)
        #expect(incrementalRows.contains { $0.hasPrefix("superseded ") })
        #expect(incrementalRows.contains { !$0.hasPrefix("superseded ") })

        var pages = 0
        let report = try store.rebuild(log: log, batchSize: 64) { _ in pages += 1 }
        #expect(pages == (Int(try log.lastInsertionID()) + 63) / 64)
        #expect(try viewRows(log.database) == incrementalRows)
        #expect(try store.status() == incrementalStatus)
        #expect(report.checkpoint == incrementalStatus.checkpoint && report.folded == Int(incrementalStatus.folded))
        #expect(try storeDigests(store) == incrementalDigests)
        // Read back from the rows alone, without the views the rebuild kept in memory.
        #expect(try storeDigests(try ProjectionStore(log: log)) == incrementalDigests)
    }

    @Test(arguments: [UInt64(31), 32])
    func catchingUpAfterARebuildEqualsCatchingUpAllAlong(seed: UInt64) throws {
        let (_, delivered) = try historyWithFork(seed: seed)
        let half = delivered.count / 2
        let (rebuilt, rebuiltDirectory) = try makeLog()
        defer { cleanUp(rebuiltDirectory) }
        let (steady, steadyDirectory) = try makeLog(node: "nrp-laptop")
        defer { cleanUp(steadyDirectory) }
        let rebuiltStore = try ProjectionStore(log: rebuilt)
        let steadyStore = try ProjectionStore(log: steady)

        _ = try rebuilt.ingest(Array(delivered[..<half]))
        try rebuiltStore.rebuild(log: rebuilt)
        // The second half holds versions whose successors were folded by the rebuild: they must stay superseded.
        for chunk in stride(from: half, to: delivered.count, by: 25) {
            _ = try rebuilt.ingest(Array(delivered[chunk..<min(chunk + 25, delivered.count)]))
            try rebuiltStore.catchUp(log: rebuilt, batchSize: 7)
        }
        for chunk in stride(from: 0, to: delivered.count, by: 25) {
            _ = try steady.ingest(Array(delivered[chunk..<min(chunk + 25, delivered.count)]))
            try steadyStore.catchUp(log: steady, batchSize: 7)
        }
        #expect(try viewRows(rebuilt.database) == viewRows(steady.database))
        #expect(try storeDigests(rebuiltStore) == storeDigests(steadyStore))
    }

    @Test func slotsSortByTheBytesOfTheirKeysAsSQLiteDoes() {
        // Swift orders Strings by Unicode canonical equivalence, SQLite by bytes: "e\u{301}" equals "é" to
        // Swift, and sorts before it by bytes.
        let texts = [
            "", "a", "ab", "a\u{0}", "b", "Z", "é", "Ö", "Öa", "ö", "\u{FFFD}", "😀", "e\u{301}", "2024", "10",
        ]
        var slots: [ViewSlot] = []
        for view in ViewName.allCases {
            for section in ["figures", "figure", "a", "é"] {
                for item in texts { slots.append(ViewSlot(view: view, section: section, item: item, kind: .versioned)) }
            }
        }
        var rng = SplitMix64(seed: 5)
        slots.shuffle(using: &rng)
        func bytes(_ slot: ViewSlot) -> [[UInt8]] {
            [Array(slot.view.rawValue.utf8), Array(slot.section.utf8), Array(slot.item.utf8)]
        }
        let expected = slots.sorted { left, right in
            let (l, r) = (bytes(left), bytes(right))
            for part in 0..<3 where l[part] != r[part] { return l[part].lexicographicallyPrecedes(r[part]) }
            return false
        }
        let sorted = SlotOrder.sorted(slots).map { slots[$0] }
        #expect(sorted.map(bytes) == expected.map(bytes))
        #expect(Set(SlotOrder.sorted(slots)).count == slots.count)
    }

    /// From `SlotOrder.parallelThreshold` slots on, two halves are sorted on two threads and merged: the order must
    /// be the one sort's, whatever the slots and wherever the halves split.
    @Test(arguments: [SlotOrder.parallelThreshold, SlotOrder.parallelThreshold + 1, 10_007])
    func manySlotsSortInHalvesAsInOne(count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        let sections = ["figures", "agenda", "attendance", "schedule", "é"]
        let slots = (0..<count).map { index in
            ViewSlot(
                view: ViewName.allCases.randomElement(using: &rng)!, section: sections.randomElement(using: &rng)!,
                item: "figure/\(UInt32.random(in: 0...UInt32.max, using: &rng))/\(index)", kind: .versioned)
        }
        func bytes(_ slot: ViewSlot) -> [UInt8] {
            Array(slot.view.rawValue.utf8) + [0] + Array(slot.section.utf8) + [0] + Array(slot.item.utf8)
        }
        let expected = slots.indices.sorted { bytes(slots[$0]).lexicographicallyPrecedes(bytes(slots[$1])) }
        #expect(SlotOrder.sorted(slots) == expected)
    }

    @Test func hashKeysKeepTheBytesAndTheOrderOfTheirHashes() throws {
        let (events, _) = try historyWithFork(seed: 42)
        var seen: Set<HashKey> = []
        for event in events {
            #expect(HashKey(event.hash).bytes == event.hash.bytes)
            seen.insert(HashKey(event.hash))
        }
        #expect(seen.count == Set(events.map(\.hash)).count)
        // Hashes that differ only in a late byte, or only in the high bits of a byte, order as their bytes do.
        var probes = events.map(\.hash)
        for position in [0, 7, 8, 31] {
            for byte: UInt8 in [0, 1, 0x7f, 0x80, 0xff] {
                var bytes = [UInt8](repeating: 0x80, count: 32)
                bytes[position] = byte
                probes.append(EventHash(bytes: bytes)!)
            }
        }
        for left in probes.prefix(40) {
            for right in probes {
                #expect((HashKey(left) < HashKey(right)) == (left < right), "\(left.short) \(right.short)")
            }
        }
    }
}
