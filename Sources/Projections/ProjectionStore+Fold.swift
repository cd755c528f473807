import EventLog
import EventModel

extension ProjectionStore {
    /// Folds one stored event into the rows of its slots; the caller holds the transaction.
    func fold(
        _ stored: StoredEvent, trust: VerdictTrust, probe: inout SlotProbe, into report: inout CatchUpReport,
        touched: inout Set<ViewName>
    ) throws {
        guard let slots = report.admit(stored, cutoffs: forkCutoffs, trust: trust, probe: &probe), !slots.isEmpty
        else { return }
        for slot in slots {
            let changed: Bool
            switch slot.kind {
            case .versioned: changed = try foldVersioned(stored, slot: slot, report: &report)
            case .latest: changed = try foldLatest(stored, slot: slot, report: &report)
            }
            if changed { touched.insert(slot.view) }
        }
    }

    /// A multi-value register: parents leave the heads for good; the event becomes a head unless already superseded.
    private func foldVersioned(_ stored: StoredEvent, slot: ViewSlot, report: inout CatchUpReport) throws -> Bool {
        let event = stored.event
        if !event.parents.isEmpty {
            let supersede = try database.cachedStatement(
                "INSERT OR IGNORE INTO view_superseded (view, section, item, hash) VALUES (?, ?, ?, ?)")
            let removeHead = try database.cachedStatement(
                "DELETE FROM view_heads WHERE view = ? AND section = ? AND item = ? AND hash = ?")
            for parent in event.parents {
                for statement in [supersede, removeHead] {
                    try bind(slot, to: statement)
                    try statement.bind(blob: parent.bytes, at: 4)
                    try statement.run()
                }
                report.rowWrites += 2
            }
        }
        // A version that arrives after its successor never becomes a head (see VersionedRegister).
        let isSuperseded =
            try database.cachedStatement(
                "SELECT 1 FROM view_superseded WHERE view = ? AND section = ? AND item = ? AND hash = ?"
            ).firstRow([slot.view.rawValue, slot.section, slot.item, event.hash.bytes]) { _ in true } ?? false
        if !isSuperseded {
            let insert = try database.cachedStatement(
                "INSERT OR IGNORE INTO view_heads (view, section, item, hash, event) VALUES (?, ?, ?, ?, ?)")
            try bindHead(stored, slot: slot, to: insert)
            try insert.run()
            report.rowWrites += 1
        }
        return !event.parents.isEmpty || !isSuperseded
    }

    /// A last-writer-wins register: one row, replaced when the event's `(hlc, origin, hash)` is higher.
    ///
    /// The held version's HLC and origin are read from its event in the log, so a row that names no event
    /// of the log (or another event than its hash says) is reported, never silently replaced.
    private func foldLatest(_ stored: StoredEvent, slot: ViewSlot, report: inout CatchUpReport) throws -> Bool {
        let event = stored.event
        let held = try database.cachedStatement(
            """
            SELECT e.hlc, e.origin, h.hash, h.event, e.id IS NULL, e.hash IS h.hash
            FROM view_heads h LEFT JOIN events e ON e.id = h.event
            WHERE h.view = ? AND h.section = ? AND h.item = ?
            """
        ).firstRow([slot.view.rawValue, slot.section, slot.item]) { row in
            func corrupt(_ what: String) -> ProjectionError {
                Self.corruptHead(slot.view, item: slot.item, event: row.int64(3), what)
            }
            if row.int64(4) != 0 { throw corrupt("which the log does not hold") }
            if row.int64(5) == 0 { throw corrupt("whose hash differs from the row's") }
            guard let hlc = HLC(rawValue: row.int64(0)), let origin = Origin(row.text(1)),
                let hash = EventHash(bytes: row.blob(2))
            else { throw corrupt("whose hlc, origin or hash cannot be read") }
            return (hlc, origin, hash)
        }
        if let (hlc, origin, hash) = held {
            let isNewer =
                hlc != event.hlc ? hlc < event.hlc : origin != event.origin ? origin < event.origin : hash < event.hash
            guard isNewer else { return false }
            let delete = try database.cachedStatement(
                "DELETE FROM view_heads WHERE view = ? AND section = ? AND item = ?")
            try bind(slot, to: delete)
            try delete.run()
            report.rowWrites += 1
        }
        let insert = try database.cachedStatement(
            "INSERT INTO view_heads (view, section, item, hash, event) VALUES (?, ?, ?, ?, ?)")
        try bindHead(stored, slot: slot, to: insert)
        try insert.run()
        report.rowWrites += 1
        return true
    }

    /// Resets `statement` and binds the slot's key to its first three parameters: typed, without boxing.
    func bind(_ slot: ViewSlot, to statement: Statement) throws {
        statement.reset()
        try statement.bind(text: slot.view.rawValue, at: 1)
        try statement.bind(text: slot.section, at: 2)
        try statement.bind(text: slot.item, at: 3)
    }

    /// Binds a `view_heads` row of `stored` in `slot`: its hash and its insertion number in the log.
    func bindHead(_ stored: StoredEvent, slot: ViewSlot, to statement: Statement) throws {
        try bind(slot, to: statement)
        try statement.bind(blob: stored.event.hash.bytes, at: 4)
        try statement.bind(integer: stored.insertionID, at: 5)
    }

    /// The error for a `view_heads` row of `item` naming event `insertionID`, which is `what`.
    static func corruptHead(_ view: ViewName, item: String, event insertionID: Int64, _ what: String)
        -> ProjectionError
    {
        .corruptRow(view: view.rawValue, reason: "the row of \(item) names event #\(insertionID), \(what)")
    }
}
