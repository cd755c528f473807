import CSQLite
import EventLog
import EventModel
import Foundation
import Node

/// `replication`: a fresh node catches up on a node holding the whole log, both `samverkan serve` processes of a
/// secured region on loopback (the target verifies every page against the source's signed heads), against a raw
/// `ATTACH` + `INSERT … SELECT` copy into the same schema.
enum Replication {
    static func run(_ options: Options) throws -> [Measurement] {
        guard let executable = NodeProcess.executable(options) else {
            throw BenchError("replication needs the samverkan executable: build it or pass --samverkan PATH")
        }
        let scratch = try Scratch(options: options, scenario: "replication")
        let region = try BenchRegion(
            cli: CLIRunner(executable: executable), folder: scratch.path("region"),
            nodes: [(scratch.path("source"), "bench-a"), (scratch.path("target"), "bench-b")])
        let sourceOrigin = region.members[0].origin
        // The fill is in-process and unsigned: the serving node signs its heads lazily, before it serves them.
        let source = try EventLog(directory: scratch.path("source"), validator: NodeStore.catalog)
        try fill(source, count: options.events)
        source.close()
        let sourceDatabase = RawDatabase(readOnly: scratch.logPath("source"))
        let total = sourceDatabase.int64("SELECT count(*) FROM events")
        let sourceHead = sourceDatabase.int64(Self.headSQL(of: sourceOrigin))
        guard total == sourceHead else {
            throw BenchError("the source holds \(total) events but its chain ends at \(sourceHead)")
        }
        let a = try NodeProcess(executable: executable, directory: scratch.path("source"))
        defer { a.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        let b = try NodeProcess(executable: executable, directory: scratch.path("target"), peers: [a.url])
        defer { b.stop() }
        // Progress is read from the target's file: a secured node answers `/v1/status` only to enrolled,
        // signed callers.
        let target = RawDatabase(readOnly: scratch.logPath("target"))
        var held: Int64 = 0
        var lastReport = clock.now
        while held < sourceHead {
            Thread.sleep(forTimeInterval: 0.05)
            held = target.int64(Self.headSQL(of: sourceOrigin))
            if clock.now - lastReport > .seconds(10) {
                progress("replication \(held)/\(sourceHead)")
                lastReport = clock.now
            }
            guard clock.now - start < .seconds(3_600) else { throw BenchError("replication stalled at \(held)") }
        }
        let engineSeconds = Stopwatch.seconds(clock.now - start)
        let rssA = a.peakRSS
        let rssB = b.peakRSS
        // An unsigned caller must be refused (401/403); a dropped connection counts as refused too.
        let refusedStatus = (try? HTTPClient(port: b.port).get("/v1/status"))?.status ?? 0
        b.stop()
        a.stop()
        let verifiedHeads = target.int64("SELECT count(*) FROM signed_heads WHERE origin = '\(sourceOrigin)'")
        guard verifiedHeads > 0, refusedStatus != 200 else {
            throw BenchError(
                "the target is not secured: \(verifiedHeads) verified heads, "
                    + "unsigned /v1/status answered \(refusedStatus)")
        }
        let rawSeconds = try rawCopy(scratch)
        var result = Measurement.ratio(
            "replication", unit: "events/s", engine: Double(total) / engineSeconds,
            baseline: Double(total) / rawSeconds,
            baselineName: "raw ATTACH + INSERT … SELECT (engine: secured, heads verified)", atLeast: 0.5)
        result.goal = "≥ 0.5×, RSS ≤ 150 MB"
        result.met = result.met && rssA <= 150 && rssB <= 150
        result.extra = [
            ("peak RSS source MB", rssA), ("peak RSS target MB", rssB),
            ("secured: heads verified", Double(verifiedHeads)),
        ]
        return [result]
    }

    /// The last seq held of `origin`'s region chain (the bench's events are all on it), read through the log's
    /// unique index, so polling stays cheap at any size.
    static func headSQL(of origin: String) -> String {
        "SELECT coalesce(max(seq), 0) FROM events WHERE channel = 'region' AND origin = '\(origin)'"
    }

    /// Copies every event of the source into an empty database of the same schema, in one transaction.
    static func rawCopy(_ scratch: Scratch) throws -> Double {
        let raw = try scratch.newRaw("raw")
        raw.exec("ATTACH DATABASE '\(scratch.logPath("source"))' AS source")
        // The engine's target wrote about a gigabyte just before: its writeback must not run inside the copy's time.
        sync()
        let columns = "channel, origin, seq, prev, hash, hlc, municipality, stream, type, schema, author, parents, payload, flag"
        let seconds = Stopwatch.measure {
            raw.exec("BEGIN IMMEDIATE")
            raw.exec("INSERT INTO main.events (\(columns)) SELECT \(columns) FROM source.events ORDER BY id")
            raw.exec("COMMIT")
        }
        raw.exec("DETACH DATABASE source")
        return seconds
    }
}

/// `propagation`: five `samverkan serve` processes in a line, each pulling from the one before;
/// an event appended at the first changes the regional follow-up digest at the fifth.
enum Propagation {
    static func run(_ options: Options) throws -> [Measurement] {
        guard let executable = NodeProcess.executable(options) else {
            throw BenchError("propagation needs the samverkan executable: build it or pass --samverkan PATH")
        }
        let rounds = options.size(50, quick: 10)
        let scratch = try Scratch(options: options, scenario: "propagation")
        var nodes: [NodeProcess] = []
        defer { for node in nodes.reversed() { node.stop() } }
        for position in 0..<5 {
            try scratch.newLog("n\(position)", node: "bench-n\(position)").close()
            nodes.append(
                try NodeProcess(
                    executable: executable, directory: scratch.path("n\(position)"),
                    peers: nodes.last.map { [$0.url] } ?? []))
        }
        let writer = try HTTPClient(port: nodes[0].port)
        let reader = try HTTPClient(port: nodes[4].port)
        func digest() throws -> String { try reader.get("/v1/views/followup").headers["etag"] ?? "" }
        // Warm up: the first event also wakes every peer loop.
        var seen = try digest()
        var latencies: [Double] = []
        let clock = ContinuousClock()
        for round in -1..<rounds {
            let start = clock.now
            let response = try writer.post("/v1/events", body: Workload.requestBody(round * 2 + 2, tag: "p"))
            guard response.status == 201 else { throw BenchError("append at the first node answered \(response.status)") }
            while true {
                let now = try digest()
                if now != seen {
                    seen = now
                    break
                }
                guard clock.now - start < .seconds(60) else { throw BenchError("no change at the far end after 60 s") }
                Thread.sleep(forTimeInterval: 0.002)
            }
            if round >= 0 { latencies.append(Stopwatch.seconds(clock.now - start) * 1000) }
        }
        latencies.sort()
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        return [
            Measurement(
                name: "propagation-5", unit: "ms p99", engine: p99, baseline: nil,
                baselineName: "absolute: append at node 1 until node 5's followup digest changes", goal: "p99 ≤ 1000 ms",
                met: p99 <= 1_000, extra: [("p50 ms", p50), ("max ms", latencies.last ?? 0)])
        ]
    }
}
