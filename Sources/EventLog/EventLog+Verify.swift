import EventModel

/// VerificationReport is the outcome of re-checking every chain and SQLite's own integrity.
public struct VerificationReport: Sendable {
    /// Events re-hashed.
    public var eventCount = 0
    /// Chains walked.
    public var chainCount = 0
    /// Every fault found, as sentences; empty when the log is sound.
    public var faults: [String] = []

    /// Whether no fault was found.
    public var isSound: Bool { faults.isEmpty }
}

extension EventLog {
    /// Re-checks the log: SQLite's `integrity_check`, every event's hash, every chain's links and
    /// gaplessness, and that the vector equals what the events say.
    public func verify(maximumFaults: Int = 100) throws -> VerificationReport {
        var report = VerificationReport()
        func fault(_ text: String) {
            if report.faults.count < maximumFaults { report.faults.append(text) }
        }
        try database.makeStatement("PRAGMA integrity_check").forEachRow { row in
            let line = row.text(0)
            if line != "ok" { fault("SQLite integrity_check: \(line)") }
        }
        var walked: [ChainKey: ChainHead] = [:]
        var current: (key: ChainKey, head: ChainHead)?
        func finishChain() {
            if let current { walked[current.key] = current.head }
        }
        try database.makeStatement("SELECT \(Self.eventColumns) FROM events ORDER BY channel, origin, seq").forEachRow { row in
            let stored: StoredEvent
            do { stored = try decodeEvent(row) } catch {
                fault("\(error)")
                return
            }
            let event = stored.event
            report.eventCount += 1
            let key = ChainKey(channel: event.channel, origin: event.origin)
            if current?.key != key {
                finishChain()
                current = (key, .empty)
                report.chainCount += 1
            }
            let head = current!.head
            if event.seq != head.seq + 1 { fault("\(event.position): expected seq \(head.seq + 1) (a gap or a repeat)") }
            if event.previous != head.hash { fault("\(event.position): prev does not match the hash at seq \(head.seq)") }
            if !event.hasValidHash { fault("\(event.position): stored hash does not match the event's content") }
            current!.head = ChainHead(seq: event.seq, hash: event.hash)
        }
        finishChain()
        let vector = try self.vector()
        for key in Set(vector.keys).union(walked.keys).sorted() where vector[key] != walked[key] ?? .empty {
            fault("\(key): vector says seq \(vector[key].seq), events reach seq \((walked[key] ?? .empty).seq)")
        }
        return report
    }
}
