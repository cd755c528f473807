import EventModel

/// IngestRows gathers the rows an ingest decided to store and stores them `size` at a time, with one multi-row
/// INSERT, in the order they were decided.
///
/// Each run of a one-row INSERT cost SQLite its opening opcodes, a cursor opened and positioned from the root of
/// `events` and of each of its indexes, and a halt, besides the row itself: ≈ 19k instructions a stored event on a
/// catching-up node; `sqlite3_step` costs ≈ 28 % less in batches of 64 (19.4k → 13.9k). The rows, their ids (taken in order) and their bytes are those
/// of one insert per row; a failed batch fails the ingest as the failing row did, since the caller stores what it
/// holds before any other statement.
struct IngestRows {
    /// Rows per multi-row statement.
    static let size = 64

    /// A row waiting to be stored: its event's index among the offered events, its flag and its chain's texts.
    private struct Row {
        let index: Int
        let flag: String?
        let chain: ChainText
    }

    private var rows: [Row] = []
    /// The multi-row INSERT, looked up once per ingest: the statement cache hashes its ≈ 2,950 characters.
    private var statement: Statement?
    /// Memory the texts and blobs of a full statement are copied to, to bind them there: chunks that stay in place
    /// until `free`, so a binding made as soon as its bytes are laid stays valid while the rest of the rows are laid.
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    /// The chunk being filled and the bytes used in it.
    private var chunk = 0
    private var used = 0

    init() {
        rows.reserveCapacity(Self.size)
    }

    /// Frees the memory of the rows' bytes; called once, when the ingest is done with these rows (a copy of them
    /// shares that memory, so there is none).
    mutating func free() {
        for chunk in chunks { chunk.deallocate() }
        chunks = []
    }

    /// Adds the row of `offered[index]`, whose event decoded; stores the rows once they fill a statement.
    mutating func add(_ index: Int, flag: String?, chain: ChainText, of offered: [OfferedEvent], into log: EventLog)
        throws
    {
        // Noted before the first row of a transaction is stored, as a one-row insert notes it.
        if rows.isEmpty { try log.noteVerdictRules() }
        rows.append(Row(index: index, flag: flag, chain: chain))
        if rows.count == Self.size { try store(offered, into: log) }
    }

    /// Stores the rows gathered so far: a full statement's worth with one multi-row INSERT, fewer one by one.
    mutating func store(_ offered: [OfferedEvent], into log: EventLog) throws {
        guard !rows.isEmpty else { return }
        defer { rows.removeAll(keepingCapacity: true) }
        if rows.count == Self.size {
            if statement == nil { statement = try log.database.cachedStatement(EventLog.multiRowInsert) }
            try insertFull(offered, into: statement!)
        } else {
            let statement = try log.insertStatement()
            for row in rows {
                try log.insert(Self.event(offered[row.index]), flag: row.flag, chain: row.chain, into: statement)
            }
        }
    }

    private static func event(_ offered: OfferedEvent) -> Event {
        guard case .success(let event) = offered.decoded else { preconditionFailure("only decoded events are stored") }
        return event
    }

    /// Binds the rows, a full statement's worth, as `EventLog.insert(_:flag:chain:into:)` binds one, and runs
    /// `statement` (`EventLog.multiRowInsert`).
    ///
    /// The texts and blobs are copied to `chunks` and bound in place there, uncopied by SQLite: each row bound inside
    /// the closures that lend its own buffers, the next row inside those, nested 64 deep, overflowed a 1 MiB thread
    /// stack in a debug build (a server's connection threads ingest pushed pages), and a copying bind costs an
    /// allocation per value inside SQLite. As with the one-row insert, the statement keeps its bindings after it ran
    /// (clearing 896 of them cost ≈ 270 instructions a row): safe only because nothing reads bound values back and
    /// only this function steps the statement, binding all of its parameters before; a failed one clears them.
    private mutating func insertFull(_ offered: [OfferedEvent], into statement: Statement) throws {
        chunk = 0
        used = 0
        do {
            for position in rows.indices {
                let event = Self.event(offered[rows[position].index])
                let chain = rows[position].chain
                var stream = event.stream.rawValue
                var type = event.type.rawValue
                var author = event.author.rawValue
                let base = Int32(position) * 14
                try statement.bind(unownedText: text(chain.channel.withUnsafeBytes { lay($0) }), at: base + 1)
                try statement.bind(unownedText: text(chain.origin.withUnsafeBytes { lay($0) }), at: base + 2)
                try statement.bind(integer: event.seq, at: base + 3)
                try statement.bind(unownedBytes: event.previous.withUnsafeBytes { lay($0) }, at: base + 4)
                try statement.bind(unownedBytes: event.hash.withUnsafeBytes { lay($0) }, at: base + 5)
                try statement.bind(integer: event.hlc.rawValue, at: base + 6)
                try statement.bind(integer: Int64(event.municipality.rawValue), at: base + 7)
                try statement.bind(unownedText: text(stream.withUTF8 { lay(UnsafeRawBufferPointer($0)) }), at: base + 8)
                try statement.bind(unownedText: text(type.withUTF8 { lay(UnsafeRawBufferPointer($0)) }), at: base + 9)
                try statement.bind(integer: Int64(event.schemaVersion), at: base + 10)
                try statement.bind(
                    unownedText: text(author.withUTF8 { lay(UnsafeRawBufferPointer($0)) }), at: base + 11)
                try statement.bind(unownedBytes: event.parents.withUnsafeBytes { lay($0) }, at: base + 12)
                try statement.bind(unownedBytes: event.canonicalPayload.withUnsafeBytes { lay($0) }, at: base + 13)
                if let flag = rows[position].flag {
                    try statement.bind(text: flag, at: base + 14)
                } else {
                    try statement.bindNull(at: base + 14)
                }
            }
            try statement.run()
        } catch {
            statement.reset()
            throw error
        }
    }

    /// A copy of `source` that stays in place until `free`: in the chunk being filled, else in the next one.
    private mutating func lay(_ source: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        while chunk == chunks.count || used + source.count > chunks[chunk].count {
            if chunk < chunks.count {
                chunk += 1
                used = 0
            } else {
                let memory = UnsafeMutableRawBufferPointer.allocate(
                    byteCount: max(64 << 10, source.count), alignment: 8)
                memory.bindMemory(to: UInt8.self)
                chunks.append(memory)
            }
        }
        let start = chunks[chunk].baseAddress! + used
        if let from = source.baseAddress, source.count > 0 { start.copyMemory(from: from, byteCount: source.count) }
        used += source.count
        return UnsafeRawBufferPointer(start: start, count: source.count)
    }

    /// Laid bytes as the text they are (`lay` binds its chunks' memory to bytes).
    private func text(_ bytes: UnsafeRawBufferPointer) -> UnsafeBufferPointer<UInt8> {
        bytes.assumingMemoryBound(to: UInt8.self)
    }
}
