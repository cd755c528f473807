import Domain
import EventLog
import EventModel
import Testing

@testable import Projections

/// A rebuild's rows are made on a thread of their own (`RowFeed`) while the caller inserts them: they must be the
/// rows, in the order, one thread made, and a failed insert must stop the feed and leave the old views.
@Suite struct RowFeedTests {
    static func key(_ value: Int) -> HashKey {
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in 0..<8 { bytes[index * 4] = UInt8(truncatingIfNeeded: value >> (index % 4 * 8)) }
        bytes[31] = UInt8(truncatingIfNeeded: value &* 37)
        return HashKey(EventHash(bytes: bytes)!)
    }

    /// Registers of every kind: last-writer-wins ones, versioned ones with one head and with many, some with
    /// superseded hashes; the slots made in a random order.
    static func registers(count: Int, seed: UInt64) -> RebuildIndex.Registers {
        var rng = SplitMix64(seed: seed)
        var registers = RebuildIndex.Registers()
        let sections = ["figures", "agenda", "attendance", "é", "a"]
        for index in 0..<count {
            let isLatest = index % 3 == 0
            let slot = ViewSlot(
                view: ViewName.allCases.randomElement(using: &rng)!, section: sections.randomElement(using: &rng)!,
                item: "item/\(UInt32.random(in: 0...UInt32.max, using: &rng))/\(index)",
                kind: isLatest ? .latest : .versioned)
            let position = registers.position(of: slot)
            let versions = isLatest ? 1 : [1, 1, 2, 7, 70].randomElement(using: &rng)!
            for version in 0..<versions {
                let hash = key(index * 100 + version)
                let id = Int64(index * 100 + version + 1)
                if isLatest {
                    registers.registers[position].addLatest(
                        .init(hash: hash, insertionID: id), hlc: HLC(rawValue: 1)!, origin: Origin("krs-server.1")!)
                } else {
                    let parents = version == 3 ? [EventHash(bytes: key(index * 100).bytes)!] : []
                    registers.registers[position].addVersioned(.init(hash: hash, insertionID: id), parents: parents)
                }
            }
        }
        return registers
    }

    /// A row as text, to compare: table, key texts, hash bytes and event.
    static func text(_ table: RowFeed.Table, _ view: String, _ section: String, _ item: String, _ hash: HashKey, _ event: Int64)
        -> String
    {
        "\(table) \(view)|\(section)|\(item) \(hash.bytes.map { String($0, radix: 16) }.joined()) \(event)"
    }

    /// The rows one thread writes: heads, then superseded hashes, slots by the bytes of their keys, hashes by bytes.
    static func expectedRows(_ registers: RebuildIndex.Registers) -> [String] {
        func bytes(_ slot: ViewSlot) -> [[UInt8]] {
            [Array(slot.view.rawValue.utf8), Array(slot.section.utf8), Array(slot.item.utf8)]
        }
        let order = registers.slots.indices.sorted { left, right in
            let (l, r) = (bytes(registers.slots[left]), bytes(registers.slots[right]))
            for part in 0..<3 where l[part] != r[part] { return l[part].lexicographicallyPrecedes(r[part]) }
            return false
        }
        var rows: [String] = []
        for position in order {
            let slot = registers.slots[position]
            let register = registers.registers[position]
            var heads = register.heads.sorted { $0.hash < $1.hash }.map { ($0.hash, $0.insertionID) }
            if let latest = register.latest { heads = [(latest.version.hash, latest.version.insertionID)] }
            for (hash, event) in heads {
                rows.append(text(.heads, slot.view.rawValue, slot.section, slot.item, hash, event))
            }
        }
        for position in order {
            let slot = registers.slots[position]
            for hash in registers.registers[position].superseded.sorted() {
                rows.append(text(.superseded, slot.view.rawValue, slot.section, slot.item, hash, 0))
            }
        }
        return rows
    }

    @Test(arguments: [(1, 32), (40, 32), (700, 64), (3_000, 1_024)])
    func theFeedHandsOverTheRowsOfOneThreadInChunksOfWholeStatements(count: Int, chunkRows: Int) {
        let registers = Self.registers(count: count, seed: UInt64(count))
        let expected = Self.expectedRows(registers)
        #expect(expected.contains { $0.hasPrefix("superseded ") } || count < 10)
        let feed = RowFeed(registers, chunkRows: chunkRows, depth: 2)
        defer { feed.finish() }
        var rows: [String] = []
        var chunks: [RowFeed.Chunk] = []
        while let chunk = feed.next() {
            chunks.append(chunk)
            for row in chunk.rows {
                func text(_ range: Range<Int>) -> String { String(decoding: chunk.texts[range], as: UTF8.self) }
                rows.append(
                    Self.text(
                        chunk.table, text(row.key.view), text(row.key.section), text(row.key.item), row.hash,
                        row.event))
            }
        }
        #expect(rows == expected)
        // A chunk holds rows of one view and section; the chunks of a run of one table, view and section are full
        // but the last: only that one leaves rows to insert one by one.
        func group(_ chunk: RowFeed.Chunk) -> String {
            let key = chunk.rows[0].key
            return "\(chunk.table) \(chunk.texts[key.view]) \(chunk.texts[key.section])"
        }
        for chunk in chunks {
            #expect(!chunk.rows.isEmpty && chunk.rows.count <= chunkRows)
            let key = chunk.rows[0].key
            #expect(chunk.rows.allSatisfy {
                chunk.texts[$0.key.view] == chunk.texts[key.view] && chunk.texts[$0.key.section] == chunk.texts[key.section]
            })
        }
        for (index, chunk) in chunks.enumerated().dropLast() where group(chunks[index + 1]) == group(chunk) {
            #expect(chunk.rows.count == chunkRows)
        }
        #expect(feed.next().map(\.rows.count) == nil)
    }

    /// A caller that stops taking chunks (its insert failed) stops the feed, which is waiting for room.
    @Test(.timeLimit(.minutes(1)))
    func finishingEarlyStopsAFeedWaitingForRoom() {
        let feed = RowFeed(Self.registers(count: 2_000, seed: 3), chunkRows: 32, depth: 1)
        #expect(feed.next()?.rows.count == 32)
        feed.finish()
        feed.finish()
    }

    /// An insert that fails halfway through the rows, with the feed chunks ahead, rolls the rebuild back: the old
    /// views stay, and a rebuild after that writes what catching up wrote.
    @Test(.timeLimit(.minutes(1)))
    func aFailedInsertLeavesTheOldViews() throws {
        var history = try RandomHistory(seed: 9)
        for _ in 0..<300 { history.step() }
        let (log, directory) = try makeLog()
        defer { cleanUp(directory) }
        _ = try log.ingest(history.events)
        let store = try ProjectionStore(log: log)
        try store.catchUp(log: log)
        let rows = try viewRows(log.database)
        let digests = try storeDigests(store)
        // More rows than the feed runs ahead by (4 chunks), so that it is waiting for room when the insert fails.
        #expect(rows.count > 8 * RowBatch.size)
        let heads = try log.database.int64("SELECT count(*) FROM view_heads") ?? 0
        try log.database.execute(
            """
            CREATE TEMP TRIGGER failing AFTER INSERT ON view_heads
            WHEN (SELECT count(*) FROM view_heads) > \(heads / 2)
            BEGIN SELECT RAISE(ABORT, 'no room left'); END
            """)
        #expect(throws: DatabaseError.self) { try store.rebuild(log: log, batchSize: 50, chunkRows: 32) }
        #expect(try viewRows(log.database) == rows)
        #expect(try storeDigests(store) == digests)
        try log.database.execute("DROP TRIGGER failing")
        try store.rebuild(log: log, batchSize: 50, chunkRows: 32)
        #expect(try viewRows(log.database) == rows)
        #expect(try storeDigests(try ProjectionStore(log: log)) == digests)
    }
}
