import EventLog

/// RowBatch inserts a rebuild's rows into one view table `size` rows per statement, through a multi-row INSERT.
///
/// A rebuild writes about one row per event, and each run of a one-row INSERT cost SQLite a reset, a halt and its
/// opening opcodes besides the row itself (callgrind: ≈ 1,700 of ≈ 9,000 instructions a row). A multi-row INSERT
/// pays those once per batch. The rows of one insert share their view and section (the first columns of the key,
/// so rows in key order come in long runs of them), which the statement holds as literals: binding them cost
/// ≈ 400 instructions a row, while the views name a few dozen sections. The other values are bound where they lie,
/// uncopied: items in the chunk's buffer of texts, hashes in a buffer of the batch's own; no binding outlives the
/// chunk it was made for. While `wideSize` rows remain, they go `wideSize` per statement: SQLite's own work per
/// row falls by about a twentieth from 32 to 128 rows a statement.
final class RowBatch {
    /// Where a row's key texts lie in a buffer of texts.
    struct Key: Sendable {
        let view: Range<Int>
        let section: Range<Int>
        let item: Range<Int>
    }

    /// One row: its key, its hash and, in `view_heads`, its event's insertion number.
    struct Row: Sendable {
        let key: Key
        let hash: HashKey
        var event: Int64 = 0
    }

    /// Rows per multi-row statement: the unit a rebuild's chunks are made of (`RowFeed.chunkRows`).
    static let size = 32
    /// Rows per statement while that many remain: a multiple of `size`.
    static let wideSize = 128

    private let database: Database
    private let table: String
    private let hasEvent: Bool
    private let hashes = UnsafeMutableRawBufferPointer.allocate(byteCount: RowBatch.wideSize * 32, alignment: 8)
    /// The statements of each view and section met, by view and section: making their SQL and looking it up in the
    /// database's cache for every chunk cost more than binding its rows.
    private var statements: [String: Statements] = [:]
    /// The rows inserted so far.
    private(set) var rows = 0

    /// A batch for `table` (`view_heads`, whose rows name their event, or `view_superseded`).
    init(database: Database, table: String, hasEvent: Bool) {
        self.database = database
        self.table = table
        self.hasEvent = hasEvent
    }

    deinit { hashes.deallocate() }

    /// Inserts `rows`, which share their view and section, in order: `wideSize` per statement while that many
    /// remain, then `size` per statement, and the rest one by one; their texts lie in `texts`.
    ///
    /// A rebuild's chunks hold a multiple of `size` rows but the last of each run of a view and section, so the rows
    /// go in the order and with the values a single batch of all rows would insert them.
    func insert(_ rows: [Row], texts: [UInt8]) throws {
        guard let first = rows.first else { return }
        assert(
            rows.allSatisfy {
                texts[$0.key.view].elementsEqual(texts[first.key.view])
                    && texts[$0.key.section].elementsEqual(texts[first.key.section])
            }, "the rows of one insert share their view and section")
        // View and section become literals of the statement: they are the views' own names, never payload data.
        func text(_ range: Range<Int>) -> String { String(decoding: texts[range], as: UTF8.self) }
        let (view, section) = (text(first.key.view), text(first.key.section))
        let key = view + "\u{0}" + section
        let made = try statements[key] ?? makeStatements(view: view, section: section)
        statements[key] = made
        let (wide, full, single) = (made.wide, made.full, made.single)
        try texts.withUnsafeBufferPointer { texts in
            // Every binding points into `texts` or `hashes`: let go of them before `texts` may go.
            defer {
                wide.reset()
                full.reset()
                single.reset()
            }
            var start = 0
            while rows.count - start >= Self.wideSize {
                try insert(rows[start..<start + Self.wideSize], texts: texts, into: wide)
                start += Self.wideSize
            }
            while rows.count - start >= Self.size {
                try insert(rows[start..<start + Self.size], texts: texts, into: full)
                start += Self.size
            }
            for offset in start..<rows.count { try insert(rows[offset..<offset + 1], texts: texts, into: single) }
        }
    }

    /// The statements inserting `wideSize`, `size` and one row of one view and section.
    private struct Statements {
        let wide: Statement
        let full: Statement
        let single: Statement
    }

    /// The statements inserting `wideSize`, `size` and one row of `view` and `section`.
    private func makeStatements(view: String, section: String) throws -> Statements {
        func literal(_ text: String) -> String { "'" + text.split(separator: "'", omittingEmptySubsequences: false)
            .joined(separator: "''") + "'" }
        let columns = hasEvent ? "view, section, item, hash, event" : "view, section, item, hash"
        let row = "(\(literal(view)), \(literal(section)), " + (hasEvent ? "?, ?, ?)" : "?, ?)")
        // OR FAIL: a failing row ends the statement without undoing its earlier rows, so SQLite keeps no statement
        // journal of the pages it changes; whatever fails fails the rebuild, whose transaction then undoes it all.
        let insert = "INSERT OR FAIL INTO \(table) (\(columns)) VALUES "
        func rows(_ count: Int) -> String { insert + Array(repeating: row, count: count).joined(separator: ", ") }
        return Statements(
            wide: try database.cachedStatement(rows(Self.wideSize)), full: try database.cachedStatement(rows(Self.size)),
            single: try database.cachedStatement(insert + row))
    }

    /// Binds `rows` to `statement`'s parameters, in order, and runs it.
    private func insert(_ rows: ArraySlice<Row>, texts: UnsafeBufferPointer<UInt8>, into statement: Statement) throws {
        let width: Int32 = hasEvent ? 3 : 2
        for (offset, row) in rows.enumerated() {
            let first = Int32(offset) * width + 1
            try statement.bind(unownedText: UnsafeBufferPointer(rebasing: texts[row.key.item]), at: first)
            let hash = UnsafeMutableRawBufferPointer(rebasing: hashes[offset * 32..<offset * 32 + 32])
            row.hash.withUnsafeBytes { hash.copyMemory(from: $0) }
            try statement.bind(unownedBytes: UnsafeRawBufferPointer(hash), at: first + 1)
            if hasEvent { try statement.bind(integer: row.event, at: first + 2) }
        }
        try statement.run()
        self.rows += rows.count
    }
}
