import EventLog

/// RowBatch inserts a rebuild's rows into one view table `size` rows per statement, through a multi-row INSERT.
///
/// A rebuild writes about one row per event, and each run of a one-row INSERT cost SQLite a reset, a halt and its
/// opening opcodes besides the row itself (callgrind: ≈ 1,700 of ≈ 9,000 instructions a row). A multi-row INSERT
/// pays those once per batch. The rows of one insert share their view and section (the first columns of the key,
/// so rows in key order come in long runs of them), which the statement holds as literals: binding them cost
/// ≈ 400 instructions a row, while the views name a few dozen sections. The other values are bound where they lie,
/// uncopied: items in the chunk's buffer of texts, hashes in a buffer of the batch's own; no binding outlives the
/// chunk it was made for.
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

    /// Rows per multi-row statement.
    static let size = 32

    private let database: Database
    private let table: String
    private let hasEvent: Bool
    private let hashes = UnsafeMutableRawBufferPointer.allocate(byteCount: RowBatch.size * 32, alignment: 8)
    /// The rows inserted so far.
    private(set) var rows = 0

    /// A batch for `table` (`view_heads`, whose rows name their event, or `view_superseded`).
    init(database: Database, table: String, hasEvent: Bool) {
        self.database = database
        self.table = table
        self.hasEvent = hasEvent
    }

    deinit { hashes.deallocate() }

    /// Inserts `rows`, which share their view and section, in order, `size` per statement and the rest one by
    /// one; their texts lie in `texts`.
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
        let (full, single) = try statements(view: text(first.key.view), section: text(first.key.section))
        try texts.withUnsafeBufferPointer { texts in
            // Every binding points into `texts` or `hashes`: let go of them before `texts` may go.
            defer {
                full.reset()
                single.reset()
            }
            var start = 0
            while rows.count - start >= Self.size {
                try insert(rows[start..<start + Self.size], texts: texts, into: full)
                start += Self.size
            }
            for offset in start..<rows.count { try insert(rows[offset..<offset + 1], texts: texts, into: single) }
        }
    }

    /// The statements inserting `size` rows and one row of `view` and `section`.
    private func statements(view: String, section: String) throws -> (full: Statement, single: Statement) {
        func literal(_ text: String) -> String { "'" + text.split(separator: "'", omittingEmptySubsequences: false)
            .joined(separator: "''") + "'" }
        let columns = hasEvent ? "view, section, item, hash, event" : "view, section, item, hash"
        let row = "(\(literal(view)), \(literal(section)), " + (hasEvent ? "?, ?, ?)" : "?, ?)")
        let insert = "INSERT INTO \(table) (\(columns)) VALUES "
        return (
            try database.cachedStatement(insert + Array(repeating: row, count: Self.size).joined(separator: ", ")),
            try database.cachedStatement(insert + row)
        )
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
