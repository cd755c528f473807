import Domain
import EventLog
import EventModel

extension ProjectionStore {
    /// The programme view as stored.
    public func programme() throws -> ProgrammeView {
        let generation = try meta("generation.\(ViewName.programme)")
        if let cached = programmeCache, cached.generation == generation { return cached.view }
        var view = ProgrammeView(catalog: catalog)
        for event in try liveEvents(.programme) { view.apply(event) }
        programmeCache = (generation, view)
        return view
    }

    /// The follow-up view as stored; read its matrix with `matrix(year:asOf:)`.
    public func followUp() throws -> FollowUpView {
        let generation = try meta("generation.\(ViewName.followup)")
        if let cached = followUpCache, cached.generation == generation { return cached.view }
        var view = FollowUpView(catalog: catalog)
        for event in try liveEvents(.followup) { view.apply(event) }
        followUpCache = (generation, view)
        return view
    }

    /// The meetings view as stored.
    public func meetings() throws -> MeetingsView {
        let generation = try meta("generation.\(ViewName.meetings)")
        if let cached = meetingsCache, cached.generation == generation { return cached.view }
        var view = MeetingsView(catalog: catalog)
        for event in try liveEvents(.meetings) { view.apply(event) }
        meetingsCache = (generation, view)
        return view
    }

    /// The canonical JSON of a view, its digest and the checkpoint it reflects.
    public func snapshot(_ name: ViewName) throws -> ViewSnapshot {
        let checkpoint = try meta("checkpoint")
        let json: JSONValue =
            switch name {
            case .programme: try programme().canonicalJSON
            case .followup: try followUp().canonicalJSON
            case .meetings: try meetings().canonicalJSON
            }
        let bytes = CanonicalJSON.encode(json)
        return ViewSnapshot(name: name, canonicalJSON: bytes, digest: EventHash.sha256(bytes), checkpoint: checkpoint)
    }

    /// The canonical bytes and the digest of the view named `name`, or nil for an unknown name: for HTTP reads.
    public func viewJSON(name: String) throws -> (canonicalJSON: [UInt8], digest: EventHash)? {
        guard let view = ViewName(rawValue: name) else { return nil }
        let snapshot = try snapshot(view)
        return (snapshot.canonicalJSON, snapshot.digest)
    }

    /// The digest of every view.
    public func digests() throws -> [ViewName: EventHash] {
        var result: [ViewName: EventHash] = [:]
        for name in ViewName.allCases { result[name] = try snapshot(name).digest }
        return result
    }

    /// The versions an edit like `event` must list in `parents` to replace what is stored of its item.
    ///
    /// `event` is judged as it stands (origin, clock and hash do not matter); nil when the views would
    /// skip it. For a versioned register these are its heads; for a last-writer-wins register, the winner.
    public func heads(forEditLike event: Event) throws -> [EventHash]? {
        guard let slots = ViewSlot.slots(of: event, catalog: catalog) else { return nil }
        var hashes: Set<EventHash> = []
        let select = try database.cachedStatement(
            "SELECT hash FROM view_heads WHERE view = ? AND section = ? AND item = ?")
        for slot in slots {
            try select.forEachRow([slot.view.rawValue, slot.section, slot.item]) { row in
                if let hash = EventHash(bytes: row.blob(0)) { hashes.insert(hash) }
            }
        }
        return hashes.sorted()
    }

    /// The events whose versions are live in a view, in a stable order, read from the log through their rows.
    ///
    /// A LEFT JOIN keeps a row whose event the log does not hold, so it is reported instead of dropped
    /// from the view unnoticed; a row whose event has another hash is reported too.
    func liveEvents(_ view: ViewName) throws -> [Event] {
        var events: [Event] = []
        let select = try database.cachedStatement(
            """
            SELECT \(EventLog.eventColumns(qualifiedBy: "e")), h.event, h.item, h.hash
            FROM view_heads h LEFT JOIN events e ON e.id = h.event
            WHERE h.view = ? ORDER BY h.section, h.item, h.hash
            """)
        try select.forEachRow([view.rawValue]) { row in
            // The event's columns come first, as `decodeEvent` reads them; the row's own follow.
            func corrupt(_ what: String) -> ProjectionError {
                Self.corruptHead(view, item: row.text(16), event: row.int64(15), what)
            }
            guard !row.isNull(0) else { throw corrupt("which the log does not hold") }
            // An unreadable event is the log's fault, not the view's: its error names the event and says to verify.
            let stored = try log.decodeEvent(row)
            guard stored.event.hash.bytes == row.blob(17) else { throw corrupt("whose hash differs from the row's") }
            events.append(stored.event)
        }
        return events
    }
}
