import EventLog
import EventModel

/// RebuildIndex is a rebuild's pass over the log: per register, the versions its rows will hold, each named
/// only by hash and insertion number.
///
/// It applies the incremental path's rules (`ProjectionStore.fold`) in memory: the same events are left out
/// and counted the same way, a versioned register drops the hashes an event lists in `parents` and never
/// takes a version already superseded, and a last-writer-wins register keeps the highest
/// `(hlc, origin, hash)`. Nothing of an event's content is kept, and none is needed: a row names its event
/// by hash and insertion number, so memory grows with the number of live versions (a few dozen bytes each),
/// not with the events and their payloads.
struct RebuildIndex {
    /// A live version: the event's hash and where the log holds it.
    struct Version {
        let hash: HashKey
        let insertionID: Int64
    }

    /// What one register's rows will hold.
    struct Register {
        /// A versioned register's heads, in the order added; a hash added again is left to `headRows()` to drop.
        ///
        /// A list that each new version is appended to, unchecked: a register edited without `parents` (follow-up
        /// figures reported again and again) gathers hundreds of heads, and checking each new version against
        /// them in a list made 1M events cost far more per event than 20k, while a dictionary of them grew by
        /// rehashing every head (≈ 1k instructions an event at 20k). Only an event with `parents` scans the list.
        var heads: [Version] = []
        /// A versioned register's hashes seen in `parents`: the rows of `view_superseded`.
        var superseded: Set<HashKey> = []
        /// A last-writer-wins register's one version and what orders it.
        var latest: (version: Version, hlc: HLC, origin: Origin)?
    }

    /// The registers met, each beside its slot, in the order first met.
    struct Registers {
        var slots: [ViewSlot] = []
        var registers: [Register] = []
        /// Each slot's position in `slots` and `registers`.
        var table = SlotTable()

        /// The position of `slot`'s register, added empty when new: one lookup either way.
        mutating func position(of slot: ViewSlot) -> Int {
            let position = table.position(of: slot, among: slots)
            if position == slots.count {
                slots.append(slot)
                registers.append(Register())
            }
            return position
        }
    }

    let cutoffs: [ChainKey: Int64]
    private var probe: SlotProbe
    let trust: VerdictTrust
    var report = CatchUpReport()
    /// Kept in arrays beside a table of positions (`SlotTable`), not as a dictionary of registers: the rows are written in
    /// key order from positions sorted (`SlotOrder`), and a dictionary had to be copied into an array for that.
    private(set) var registers = Registers()

    init(catalog: EventCatalog, cutoffs: [ChainKey: Int64], trust: VerdictTrust) {
        self.probe = SlotProbe(catalog: catalog)
        self.cutoffs = cutoffs
        self.trust = trust
    }

    /// Folds one stored event, counted as `ProjectionStore.fold` counts it (`CatchUpReport.admit`).
    mutating func add(_ stored: StoredEvent) {
        guard let slots = report.admit(stored, cutoffs: cutoffs, trust: trust, probe: &probe) else { return }
        add(stored, slots: slots)
    }

    /// Folds one stored event whose payload was left unparsed (`EventLog.changes(after:limit:unparsedRecalling:)`),
    /// read where it lies in its page.
    ///
    /// Where `PayloadBytes` vouches for the payload's bytes, the event's slots are named from them when that is
    /// possible (`CatchUpReport.admit(_:payload:…)`), without a payload tree; every other payload is parsed,
    /// failing as reading the row would have. Either way every payload is checked, folded or not.
    mutating func add(unparsed stored: StoredEvent) throws {
        guard let payload = PayloadBytes(stored.event.canonicalPayload) else { return add(try stored.parsingPayload()) }
        guard let slots = try report.admit(stored, payload: payload, cutoffs: cutoffs, trust: trust, probe: &probe)
        else { return }
        add(stored, slots: slots)
    }

    private mutating func add(_ stored: StoredEvent, slots: [ViewSlot]) {
        let event = stored.event
        let version = Version(hash: HashKey(event.hash), insertionID: stored.insertionID)
        for slot in slots {
            let position = registers.position(of: slot)
            switch slot.kind {
            case .versioned: registers.registers[position].addVersioned(version, parents: event.parents)
            case .latest: registers.registers[position].addLatest(version, hlc: event.hlc, origin: event.origin)
            }
        }
    }

    /// Hands over the registers, leaving none.
    mutating func takeRegisters() -> Registers {
        var taken = Registers()
        swap(&taken, &registers)
        return taken
    }
}

extension RebuildIndex.Register {
    /// As `foldVersioned`: parents leave the heads for good; the version becomes a head unless already superseded.
    mutating func addVersioned(_ version: RebuildIndex.Version, parents: [EventHash]) {
        if !parents.isEmpty {
            for parent in parents { superseded.insert(HashKey(parent)) }
            if !heads.isEmpty { heads.removeAll { superseded.contains($0.hash) } }
        }
        guard superseded.isEmpty || !superseded.contains(version.hash) else { return }
        heads.append(version)
    }

    /// The heads as their rows are written: by hash, and a hash added more than once with the insertion number
    /// it was first added with (as a head already held keeps its number in `view_heads`).
    func headRows() -> [RebuildIndex.Version] {
        guard heads.count > 1 else { return heads }
        // By hash, then by order added: the first of equal hashes is the one added first.
        let sorted = heads.indices.sorted { left, right in
            heads[left].hash != heads[right].hash ? heads[left].hash < heads[right].hash : left < right
        }
        var rows: [RebuildIndex.Version] = []
        rows.reserveCapacity(sorted.count)
        for index in sorted where rows.last?.hash != heads[index].hash { rows.append(heads[index]) }
        return rows
    }

    /// As `foldLatest`: the version replaces the held one when its `(hlc, origin, hash)` is higher.
    mutating func addLatest(_ version: RebuildIndex.Version, hlc: HLC, origin: Origin) {
        if let held = latest {
            let isNewer =
                held.hlc != hlc
                ? held.hlc < hlc : held.origin != origin ? held.origin < origin : held.version.hash < version.hash
            guard isNewer else { return }
        }
        latest = (version, hlc, origin)
    }
}
