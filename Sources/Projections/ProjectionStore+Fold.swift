import EventLog
import EventModel

extension ProjectionStore {
    /// Folds one stored event into the rows of its slots; the caller holds the transaction.
    func fold(_ stored: StoredEvent, into report: inout CatchUpReport, touched: inout Set<ViewName>) throws {
        guard let slots = report.admit(stored, cutoffs: forkCutoffs, catalog: catalog), !slots.isEmpty else { return }
        let event = stored.event
        let wire = WireText.of(event)
        for slot in slots {
            let changed: Bool
            switch slot.kind {
            case .versioned: changed = try foldVersioned(event, wire: wire, slot: slot, report: &report)
            case .latest: changed = try foldLatest(event, wire: wire, slot: slot, report: &report)
            }
            if changed { touched.insert(slot.view) }
        }
    }

    /// A multi-value register: parents leave the heads for good; the event becomes a head unless already superseded.
    private func foldVersioned(_ event: Event, wire: String, slot: ViewSlot, report: inout CatchUpReport) throws -> Bool
    {
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
                "INSERT OR IGNORE INTO view_heads (view, section, item, hash, hlc, origin, event) VALUES (?, ?, ?, ?, ?, ?, ?)"
            )
            try bindHead(event, wire: wire, slot: slot, to: insert)
            try insert.run()
            report.rowWrites += 1
        }
        return !event.parents.isEmpty || !isSuperseded
    }

    /// A last-writer-wins register: one row, replaced when the event's `(hlc, origin, hash)` is higher.
    private func foldLatest(_ event: Event, wire: String, slot: ViewSlot, report: inout CatchUpReport) throws -> Bool {
        let held = try database.cachedStatement(
            "SELECT hlc, origin, hash FROM view_heads WHERE view = ? AND section = ? AND item = ?"
        ).firstRow([slot.view.rawValue, slot.section, slot.item]) { row in
            (HLC(rawValue: row.int64(0)) ?? .zero, Origin(row.text(1)), EventHash(bytes: row.blob(2)) ?? .zero)
        }
        if let (hlc, origin, hash) = held {
            guard let origin else { throw ProjectionError.corruptRow(view: slot.view.rawValue, reason: "bad origin") }
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
            "INSERT INTO view_heads (view, section, item, hash, hlc, origin, event) VALUES (?, ?, ?, ?, ?, ?, ?)")
        try bindHead(event, wire: wire, slot: slot, to: insert)
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

    /// Binds a `view_heads` row of `event` in `slot`.
    func bindHead(_ event: Event, wire: String, slot: ViewSlot, to statement: Statement) throws {
        try bind(slot, to: statement)
        try statement.bind(blob: event.hash.bytes, at: 4)
        try statement.bind(integer: event.hlc.rawValue, at: 5)
        try statement.bind(text: event.origin.description, at: 6)
        try statement.bind(text: wire, at: 7)
    }
}
