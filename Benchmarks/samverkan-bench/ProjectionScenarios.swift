import CSQLite
import Domain
import EventLog
import EventModel
import Projections

/// Fills `log` with `count` workload events, 1000 per append, untimed.
func fill(_ log: EventLog, count: Int, from start: Int = 0, tag: String = "m") throws {
    var index = start
    while index < start + count {
        let range = index..<min(index + 1_000, start + count)
        _ = try log.append(range.map { Workload.newEvent($0, tag: tag) })
        index = range.upperBound
        if (index - start) % 200_000 == 0 { progress("filled \(index - start)/\(count)") }
    }
}

/// `rebuild`: folding the whole log into the views against a raw scan of the same rows in id order.
///
/// Rebuild and scan alternate for a few rounds on the same log (a rebuild replaces the views it made the
/// round before), so both see the same moments of a shared machine; the rates add up every round.
enum Rebuild {
    static func run(_ options: Options) throws -> [Measurement] {
        let total = options.events
        let rounds = options.size(2, quick: 3)
        let scratch = try Scratch(options: options, scenario: "rebuild")
        let log = try scratch.newLog("node")
        defer { log.close() }
        try fill(log, count: total)
        let views = try ProjectionStore(log: log)
        var rawWatch = Stopwatch()
        var engineWatch = Stopwatch()
        for round in 1...rounds {
            rawWatch.time { rawScan(log.database.path) }
            var report = CatchUpReport()
            try engineWatch.time { report = try views.rebuild(log: log) }
            guard report.folded == total else { throw BenchError("rebuild folded \(report.folded) of \(total)") }
            progress("rebuild round \(round)/\(rounds)")
        }
        let events = Double(total * rounds)
        var result = Measurement.ratio(
            "rebuild", unit: "events/s", engine: events / engineWatch.seconds, baseline: events / rawWatch.seconds,
            baselineName: "raw SELECT of every column ORDER BY id", atLeast: 0.25)
        result.extra = [
            ("ratio by thread CPU time", rawWatch.cpuSeconds / engineWatch.cpuSeconds),
            ("peak RSS of the bench MB", peakRSSMegabytes()),
        ]
        return [result]
    }

    /// Reads every column of every event in insertion order, as the fold's change feed does.
    static func rawScan(_ path: String) {
        let raw = RawDatabase(path: path)
        let select = raw.prepare("SELECT \(columns) FROM events ORDER BY id")
        defer { sqlite3_finalize(select) }
        var checksum = 0
        while sqlite3_step(select) == SQLITE_ROW {
            for column in Int32(0)..<15 {
                switch sqlite3_column_type(select, column) {
                case SQLITE_INTEGER: checksum &+= Int(sqlite3_column_int64(select, column))
                case SQLITE_TEXT: if sqlite3_column_text(select, column) != nil { checksum &+= Int(sqlite3_column_bytes(select, column)) }
                case SQLITE_BLOB: if sqlite3_column_blob(select, column) != nil { checksum &+= Int(sqlite3_column_bytes(select, column)) }
                default: break
                }
            }
        }
        precondition(checksum != 0)
    }

    static let columns =
        "id, channel, origin, seq, prev, hash, hlc, municipality, stream, type, schema, author, parents, payload, flag"
}

/// A wall clock fixed in the past, for an offline node whose events are older than everything held.
struct PastClock: WallClock {
    let millis: Int64
    func nowMillis() -> Int64 { millis }
}

/// `late-merge`: 10k older events from an offline node folded into views of the whole log, against
/// 10k in-order events folded into the same views.
enum LateMerge {
    static func run(_ options: Options) throws -> [Measurement] {
        let total = options.events
        let late = options.size(10_000, quick: 2_000)
        let scratch = try Scratch(options: options, scenario: "late-merge")
        let log = try scratch.newLog("node")
        defer { log.close() }
        try fill(log, count: total)
        let views = try ProjectionStore(log: log)
        try views.catchUp(log: log)
        // The offline node wrote the same items (same streams) a day earlier.
        let offline = try EventLog.create(
            directory: scratch.path("offline"),
            identity: NodeIdentity(node: NodeID("bench-offline")!, municipality: Workload.municipality),
            validator: DomainCatalog.standard, clock: PastClock(millis: SystemClock().nowMillis() - 86_400_000))
        defer { offline.close() }
        try fill(offline, count: late)
        // In order: the node's own next events.
        try fill(log, count: late, from: total)
        let inOrder = try Stopwatch.measure { try views.catchUp(log: log) }
        var outcomes: [IngestOutcome] = []
        var after: Int64 = 0
        while true {
            let page = try offline.changes(after: after, limit: 1_000)
            guard let last = page.last else { break }
            outcomes += try log.ingest(page.map(\.event))
            after = last.insertionID
        }
        guard outcomes.count == late, outcomes.allSatisfy({ $0 == .appended }) else {
            throw BenchError("late events not all appended: \(Set(outcomes.map(\.description)).prefix(3))")
        }
        var report = CatchUpReport()
        let lateSeconds = try Stopwatch.measure { report = try views.catchUp(log: log) }
        guard report.folded == late else { throw BenchError("late merge folded \(report.folded) of \(late)") }
        var result = Measurement.ratio(
            "late-merge", unit: "events/s", engine: Double(late) / lateSeconds, baseline: Double(late) / inOrder,
            baselineName: "folding as many in-order events", atLeast: 1.0 / 3)
        result.goal = "cost ≤ 3× (≥ 0.33×)"
        result.extra = [("cost late/in-order", lateSeconds / inOrder)]
        return [result]
    }
}
