import EventLog

/// RowBatch inserts a rebuild's rows into one view table `size` rows per statement, through a multi-row INSERT.
///
/// A rebuild writes about one row per event, and each run of a one-row INSERT cost SQLite a reset, a halt and its
/// opening opcodes besides the row itself (callgrind: ≈ 1,700 of ≈ 9,000 instructions a row). A multi-row INSERT
/// pays those once per batch. Values are bound where they lie, uncopied: key texts in the caller's `keys` buffer,
/// which must stay in place until `finish()`, and hashes in a buffer of the batch's own.
final class RowBatch {
    /// Where a row's key texts lie in the caller's buffer.
    struct Key {
        let view: Range<Int>
        let section: Range<Int>
        let item: Range<Int>
    }

    /// Rows per multi-row statement.
    static let size = 32

    private let full: Statement
    private let single: Statement
    private let keys: UnsafeBufferPointer<UInt8>
    private let hasEvent: Bool
    private let hashes = UnsafeMutableRawBufferPointer.allocate(byteCount: RowBatch.size * 32, alignment: 8)
    private var pending: [(key: Key, hash: HashKey, event: Int64)] = []
    /// The rows inserted so far.
    private(set) var rows = 0

    /// A batch for `table` (`view_heads`, whose rows name their event, or `view_superseded`), with key texts in `keys`.
    init(database: Database, table: String, hasEvent: Bool, keys: UnsafeBufferPointer<UInt8>) throws {
        let columns = hasEvent ? "view, section, item, hash, event" : "view, section, item, hash"
        let row = hasEvent ? "(?, ?, ?, ?, ?)" : "(?, ?, ?, ?)"
        let insert = "INSERT INTO \(table) (\(columns)) VALUES "
        full = try database.cachedStatement(insert + Array(repeating: row, count: Self.size).joined(separator: ", "))
        single = try database.cachedStatement(insert + row)
        self.keys = keys
        self.hasEvent = hasEvent
        pending.reserveCapacity(Self.size)
    }

    deinit {
        // A write that threw left its uncopied bindings on the cached statements; let go of them with the bytes.
        full.reset()
        single.reset()
        hashes.deallocate()
    }

    /// Adds a row, inserting the batch when it is full; rows are inserted in the order added.
    func add(key: Key, hash: HashKey, event: Int64 = 0) throws {
        pending.append((key, hash, event))
        guard pending.count == Self.size else { return }
        try insert(into: full)
    }

    /// Inserts the rows still pending, one by one, and lets go of every binding (none may outlive its bytes).
    func finish() throws {
        defer {
            full.reset()
            single.reset()
        }
        let rest = pending
        pending.removeAll(keepingCapacity: true)
        for row in rest {
            pending = [row]
            try insert(into: single)
        }
        pending.removeAll()
    }

    /// Binds the pending rows to `statement`'s parameters, in order, runs it and empties the batch.
    private func insert(into statement: Statement) throws {
        let width: Int32 = hasEvent ? 5 : 4
        for (offset, row) in pending.enumerated() {
            let first = Int32(offset) * width + 1
            try statement.bind(unownedText: UnsafeBufferPointer(rebasing: keys[row.key.view]), at: first)
            try statement.bind(unownedText: UnsafeBufferPointer(rebasing: keys[row.key.section]), at: first + 1)
            try statement.bind(unownedText: UnsafeBufferPointer(rebasing: keys[row.key.item]), at: first + 2)
            let hash = UnsafeMutableRawBufferPointer(rebasing: hashes[offset * 32..<offset * 32 + 32])
            row.hash.withUnsafeBytes { hash.copyMemory(from: $0) }
            try statement.bind(unownedBytes: UnsafeRawBufferPointer(hash), at: first + 3)
            if hasEvent { try statement.bind(integer: row.event, at: first + 4) }
        }
        try statement.run()
        rows += pending.count
        pending.removeAll(keepingCapacity: true)
    }
}
