import EventLog
import EventModel

/// `append-batched`: local appends of 1000 events per call (hashing, HLC, validation included)
/// against raw inserts of the same rows, 1000 per transaction. Engine and baseline alternate batch
/// by batch so both see the same noise.
enum AppendBatched {
    static let batchSize = 1_000

    static func run(_ options: Options) throws -> [Measurement] {
        let total = options.events
        let scratch = try Scratch(options: options, scenario: "append-batched")
        let log = try scratch.newLog("engine")
        defer { log.close() }
        let raw = try scratch.newRaw("raw")
        let insert = raw.prepare(RawDatabase.insertSQL)
        defer { _ = sqlite3_finalize_(insert) }
        var shadow = ShadowChain(origin: Origin("bench-raw.1")!)
        var engineWatch = Stopwatch()
        var rawWatch = Stopwatch()
        var index = 0
        while index < total {
            let range = index..<min(index + batchSize, total)
            let batch = range.map { Workload.newEvent($0) }
            let rows = batch.map { RawRow(shadow.next($0)) }
            try engineWatch.time { _ = try log.append(batch) }
            rawWatch.time {
                raw.exec("BEGIN IMMEDIATE")
                for row in rows { RawDatabase.insert(row, with: insert) }
                raw.exec("COMMIT")
            }
            index = range.upperBound
            if index % 100_000 == 0 { progress("append-batched \(index)/\(total)") }
        }
        var result = Measurement.ratio(
            "append-batched", unit: "events/s", engine: Double(total) / engineWatch.seconds,
            baseline: Double(total) / rawWatch.seconds, baselineName: "raw INSERT, 1000 rows per transaction",
            atLeast: 0.7)
        result.extra = [("ratio by thread CPU time", rawWatch.cpuSeconds / engineWatch.cpuSeconds)]
        return [result]
    }
}

/// `append-single`: one event per durable transaction against raw single-row commits, alternating.
enum AppendSingle {
    static func run(_ options: Options) throws -> [Measurement] {
        let total = options.size(3_000, quick: 300)
        let scratch = try Scratch(options: options, scenario: "append-single")
        let log = try scratch.newLog("engine")
        defer { log.close() }
        let raw = try scratch.newRaw("raw")
        let insert = raw.prepare(RawDatabase.insertSQL)
        defer { _ = sqlite3_finalize_(insert) }
        var shadow = ShadowChain(origin: Origin("bench-raw.1")!)
        var engineWatch = Stopwatch()
        var rawWatch = Stopwatch()
        for index in 0..<total {
            let new = Workload.newEvent(index)
            let row = RawRow(shadow.next(new))
            try engineWatch.time { _ = try log.append(new) }
            rawWatch.time {
                raw.exec("BEGIN IMMEDIATE")
                RawDatabase.insert(row, with: insert)
                raw.exec("COMMIT")
            }
        }
        return [
            .ratio(
                "append-single", unit: "events/s", engine: Double(total) / engineWatch.seconds,
                baseline: Double(total) / rawWatch.seconds, baselineName: "raw single-row commits, synchronous=FULL",
                atLeast: 0.9)
        ]
    }
}

/// Raw rates measured inside another scenario, so its ratios compare with the same moment's disk.
enum RawRates {
    /// Rows per second inserted `batch` per transaction.
    static func batched(_ scratch: Scratch, rows count: Int, batch: Int = 1_000, name: String = "raw-batched") throws -> Double {
        let raw = try scratch.newRaw(name)
        let insert = raw.prepare(RawDatabase.insertSQL)
        defer { _ = sqlite3_finalize_(insert) }
        var shadow = ShadowChain(origin: Origin("bench-raw.1")!)
        var watch = Stopwatch()
        var index = 0
        while index < count {
            let range = index..<min(index + batch, count)
            let rows = range.map { RawRow(shadow.next(Workload.newEvent($0))) }
            watch.time {
                raw.exec("BEGIN IMMEDIATE")
                for row in rows { RawDatabase.insert(row, with: insert) }
                raw.exec("COMMIT")
            }
            index = range.upperBound
        }
        return Double(count) / watch.seconds
    }

    /// Single-row durable commits per second.
    static func single(_ scratch: Scratch, rows count: Int) throws -> Double {
        try batched(scratch, rows: count, batch: 1, name: "raw-single")
    }
}
