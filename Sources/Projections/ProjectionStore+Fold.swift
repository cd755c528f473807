import EventLog
import EventModel

extension ProjectionStore {
    /// Folds one stored event into the rows of its slots; the caller holds the transaction.
    func fold(_ stored: StoredEvent, into report: inout CatchUpReport, touched: inout Set<ViewName>) throws {
        let event = stored.event
        // The regional views see the region channel only: case data never enters them.
        guard event.channel == .region else { return }
        guard stored.flag == nil else {
            report.flagged += 1
            return
        }
        report.folded += 1
        if let cutoff = forkCutoffs[ChainKey(channel: event.channel, origin: event.origin)], event.seq >= cutoff {
            report.skipped += 1
            return
        }
        guard let slots = ViewSlot.slots(of: event, catalog: catalog) else {
            report.skipped += 1
            return
        }
        guard !slots.isEmpty else { return }
        let wire = CanonicalJSON.string(event.wireObject)
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
        let key: [any DatabaseValueConvertible] = [slot.view.rawValue, slot.section, slot.item]
        let supersede = try database.cachedStatement(
            "INSERT OR IGNORE INTO view_superseded (view, section, item, hash) VALUES (?, ?, ?, ?)")
        let removeHead = try database.cachedStatement(
            "DELETE FROM view_heads WHERE view = ? AND section = ? AND item = ? AND hash = ?")
        for parent in event.parents {
            try supersede.execute(key + [parent.bytes])
            try removeHead.execute(key + [parent.bytes])
            report.rowWrites += 2
        }
        // A version that arrives after its successor never becomes a head (see VersionedRegister).
        let isSuperseded =
            try database.cachedStatement(
                "SELECT 1 FROM view_superseded WHERE view = ? AND section = ? AND item = ? AND hash = ?"
            ).firstRow(key + [event.hash.bytes]) { _ in true } ?? false
        if !isSuperseded {
            try database.cachedStatement(
                "INSERT OR IGNORE INTO view_heads (view, section, item, hash, hlc, origin, event) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ).execute(key + [event.hash.bytes, event.hlc.rawValue, event.origin.description, wire])
            report.rowWrites += 1
        }
        return !event.parents.isEmpty || !isSuperseded
    }

    /// A last-writer-wins register: one row, replaced when the event's `(hlc, origin, hash)` is higher.
    private func foldLatest(_ event: Event, wire: String, slot: ViewSlot, report: inout CatchUpReport) throws -> Bool {
        let key: [any DatabaseValueConvertible] = [slot.view.rawValue, slot.section, slot.item]
        let held = try database.cachedStatement(
            "SELECT hlc, origin, hash FROM view_heads WHERE view = ? AND section = ? AND item = ?"
        ).firstRow(key) { row in
            (HLC(rawValue: row.int64(0)) ?? .zero, Origin(row.text(1)), EventHash(bytes: row.blob(2)) ?? .zero)
        }
        if let (hlc, origin, hash) = held {
            guard let origin else { throw ProjectionError.corruptRow(view: slot.view.rawValue, reason: "bad origin") }
            let isNewer =
                hlc != event.hlc ? hlc < event.hlc : origin != event.origin ? origin < event.origin : hash < event.hash
            guard isNewer else { return false }
            try database.cachedStatement("DELETE FROM view_heads WHERE view = ? AND section = ? AND item = ?")
                .execute(key)
            report.rowWrites += 1
        }
        try database.cachedStatement(
            "INSERT INTO view_heads (view, section, item, hash, hlc, origin, event) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ).execute(key + [event.hash.bytes, event.hlc.rawValue, event.origin.description, wire])
        report.rowWrites += 1
        return true
    }
}
