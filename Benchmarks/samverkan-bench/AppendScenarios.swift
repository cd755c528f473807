import EventLog
import EventModel
import Synchronization

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
    static func single(_ scratch: Scratch, rows count: Int, name: String = "raw-single") throws -> Double {
        try batched(scratch, rows: count, batch: 1, name: name)
    }

    /// Raw single commits measured just before and just after `engine` runs, `count` rows each time.
    /// This disk's `fdatasync` rate drifts by up to half within minutes; bracketing the engine keeps the
    /// baseline from the same minute. Returns the rate over both halves together, and each half's.
    static func singleAround(
        _ scratch: Scratch, rows count: Int, engine: () throws -> Void
    ) throws -> (rate: Double, before: Double, after: Double) {
        let before = try single(scratch, rows: count, name: "raw-single-before")
        try engine()
        let after = try single(scratch, rows: count, name: "raw-single-after")
        return (2 / (1 / before + 1 / after), before, after)
    }
}

/// `append-group-32`: 32 threads appending one event per call through a `GroupCommitter` (what the
/// API appends through, without HTTP), against raw single commits and raw batched inserts measured
/// in the same scenario.
enum AppendGroup {
    static let threads = 32

    static func run(_ options: Options) throws -> [Measurement] {
        let total = options.requests
        let scratch = try Scratch(options: options, scenario: "append-group")
        let log = try scratch.newLog("group")
        let events = (0..<total).map { Workload.newEvent($0, tag: "g") }
        let queue = DatabaseQueue(label: "bench.group", resource: log)
        let committer = GroupCommitter(queue: queue) { $0 }
        let next = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        var seconds = 0.0
        let single = try RawRates.singleAround(scratch, rows: options.size(1_000, quick: 200)) {
            seconds = Stopwatch.measure {
                concurrently(threads) { _ in
                    while true {
                        let index = next.add(1, ordering: .relaxed).newValue - 1
                        guard index < total else { return }
                        if (try? committer.append(events[index])) == nil { failures.add(1, ordering: .relaxed) }
                    }
                }
            }
        }
        queue.sync { $0.close() }
        guard failures.load(ordering: .relaxed) == 0 else { throw BenchError("group commit failures") }
        let rate = Double(total) / seconds
        let batched = try RawRates.batched(scratch, rows: total)
        var line = Measurement.ratio(
            "append-group-32", unit: "events/s", engine: rate, baseline: single.rate,
            baselineName: "raw single-row commits just before and after (no HTTP: GroupCommitter, 32 threads)",
            atLeast: 5)
        line.extra = [
            ("ratio to raw batched", rate / batched), ("raw single commits/s before", single.before),
            ("raw single commits/s after", single.after),
        ]
        return [line]
    }
}
