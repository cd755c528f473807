import Foundation
import Synchronization

/// RowFeed turns a rebuild's registers into the rows of the view tables, in primary-key order, on a thread of its
/// own, a few chunks ahead of the thread that inserts them.
///
/// Only the thread holding the rebuild's transaction may use the connection, so SQLite's inserts stay on it; the
/// rest of writing the rows (sorting the slots, reading each register into rows, freeing the registers) runs
/// beside them here. Before, all of it ran after the pass over the log on one thread, with the other core idle.
/// The rows are the ones, and come in the order, that one thread made: heads before superseded hashes, in key
/// order, a register's heads by hash. A chunk holds rows of one view and section (`RowBatch`).
final class RowFeed: Sendable {
    /// The table a chunk's rows go to.
    enum Table: Sendable {
        case heads
        case superseded
    }

    /// Rows for one table, of one view and section; their key texts lie in `texts`, shared by every chunk of a feed.
    struct Chunk: Sendable {
        let table: Table
        let rows: [RowBatch.Row]
        let texts: [UInt8]
    }

    /// Rows per chunk: a multiple of `RowBatch.size`, so that only the last chunk of a run of one view and section
    /// leaves rows to insert singly.
    static let chunkRows = RowBatch.size * 32

    private let handoff: Handoff<Chunk>
    private let finished = DispatchSemaphore(value: 0)
    private let isFinished = Mutex<Bool>(false)

    /// Starts making the rows of `registers`, which it takes over (and frees on its thread), `chunkRows` (a multiple
    /// of `RowBatch.size`) per chunk, at most `depth` chunks ahead of the caller.
    init(_ registers: consuming RebuildIndex.Registers, chunkRows: Int = RowFeed.chunkRows, depth: Int = 4) {
        precondition(chunkRows > 0 && chunkRows % RowBatch.size == 0, "a chunk holds whole statements of rows")
        handoff = Handoff(depth: depth)
        let box = Box(registers)
        let thread = Thread { [handoff, finished] in
            defer { finished.signal() }
            var registers = box.take()
            Self.produce(&registers, chunkRows: chunkRows, into: handoff)
        }
        thread.start()
    }

    /// The next chunk, or nil after the last.
    func next() -> Chunk? { handoff.take() }

    /// Stops making rows, if it has not ended, and waits until its thread has ended.
    func finish() {
        guard isFinished.withLock({ done in defer { done = true }; return !done }) else { return }
        handoff.close()
        finished.wait()
    }

    deinit { finish() }

    /// Hands the registers to the thread: a `RebuildIndex.Registers` is not `Sendable`, but it has one owner at a time.
    private final class Box: @unchecked Sendable {
        private var registers: RebuildIndex.Registers?
        init(_ registers: consuming RebuildIndex.Registers) { self.registers = registers }
        func take() -> RebuildIndex.Registers { registers.take()! }
    }

    /// Sorts the slots and hands over their rows in chunks, heads first; stops when the consumer closes.
    private static func produce(
        _ registers: inout RebuildIndex.Registers, chunkRows: Int, into handoff: Handoff<Chunk>
    ) {
        let sorted = registers.slots.withUnsafeBufferPointer { SlotOrder.keys(of: $0) }
        var chunks = ChunkMaker(texts: sorted.bytes, chunkRows: chunkRows, handoff: handoff)
        // What the sort needed goes once the writer has rows to insert, which take it far longer than this.
        var slotsAndPositions = (registers.slots, registers.table)
        registers.slots = []
        registers.table = SlotTable()
        let written = registers.registers.withUnsafeMutableBufferPointer { held in
            for key in sorted.keys {
                let position = Int(key.index)
                let rowKey = sorted.rowKey(key)
                if let latest = held[position].latest {
                    guard chunks.add(.heads, rowKey, latest.version.hash, latest.version.insertionID) else { return false }
                } else if held[position].heads.count == 1, let head = held[position].heads.first {
                    guard chunks.add(.heads, rowKey, head.hash, head.insertionID) else { return false }
                } else {
                    for head in held[position].headRows() {
                        guard chunks.add(.heads, rowKey, head.hash, head.insertionID) else { return false }
                    }
                }
                if chunks.handed == 1, !slotsAndPositions.0.isEmpty { slotsAndPositions = ([], SlotTable()) }
                // Freed here, beside the writes, rather than all at once after the last row.
                if held[position].superseded.isEmpty { held[position] = RebuildIndex.Register() }
            }
            guard chunks.flush(.heads) else { return false }
            for key in sorted.keys where !held[Int(key.index)].superseded.isEmpty {
                let rowKey = sorted.rowKey(key)
                for hash in held[Int(key.index)].superseded.sorted() {
                    guard chunks.add(.superseded, rowKey, hash) else { return false }
                }
                held[Int(key.index)] = RebuildIndex.Register()
            }
            return chunks.flush(.superseded)
        }
        if written { handoff.end() }
    }

    /// Gathers rows into chunks of `chunkRows` and hands each over when full.
    private struct ChunkMaker {
        let texts: [UInt8]
        let chunkRows: Int
        let handoff: Handoff<Chunk>
        var rows: [RowBatch.Row] = []
        /// Chunks handed over so far.
        var handed = 0

        init(texts: [UInt8], chunkRows: Int, handoff: Handoff<Chunk>) {
            self.texts = texts
            self.chunkRows = chunkRows
            self.handoff = handoff
            rows.reserveCapacity(chunkRows)
        }

        /// Adds a row to `table`'s chunk, handing over first the rows of another view or section; false when the
        /// consumer has closed.
        mutating func add(_ table: Table, _ key: RowBatch.Key, _ hash: HashKey, _ event: Int64 = 0) -> Bool {
            if let last = rows.last, !sameViewAndSection(last.key, key), !flush(table) { return false }
            rows.append(RowBatch.Row(key: key, hash: hash, event: event))
            return rows.count < chunkRows || flush(table)
        }

        /// Whether two keys name the same view and section (each slot's section has its own copy of the text).
        private func sameViewAndSection(_ left: RowBatch.Key, _ right: RowBatch.Key) -> Bool {
            guard left.view == right.view, left.section.count == right.section.count else { return false }
            return texts.withUnsafeBufferPointer { texts in
                guard let base = texts.baseAddress else { return true }
                return memcmp(base + left.section.lowerBound, base + right.section.lowerBound, left.section.count) == 0
            }
        }

        /// Hands over the rows gathered, if any; false when the consumer has closed.
        mutating func flush(_ table: Table) -> Bool {
            guard !rows.isEmpty else { return true }
            var full: [RowBatch.Row] = []
            full.reserveCapacity(chunkRows)
            swap(&full, &rows)
            handed += 1
            return handoff.put(Chunk(table: table, rows: full, texts: texts))
        }
    }
}
