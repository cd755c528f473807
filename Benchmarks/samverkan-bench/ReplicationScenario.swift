import CSQLite
import EventLog
import EventModel
import Foundation

/// `replication`: a fresh node catches up on a node holding the whole log, both `samverkan serve`
/// processes on loopback, against a raw `ATTACH` + `INSERT … SELECT` copy into the same schema.
enum Replication {
    static func run(_ options: Options) throws -> [Measurement] {
        guard let executable = NodeProcess.executable(options) else {
            throw BenchError("replication needs the samverkan executable: build it or pass --samverkan PATH")
        }
        let total = options.events
        let scratch = try Scratch(options: options, scenario: "replication")
        let source = try scratch.newLog("source", node: "bench-a")
        try fill(source, count: total)
        source.close()
        try scratch.newLog("target", node: "bench-b").close()
        let a = try NodeProcess(executable: executable, directory: scratch.path("source"))
        defer { a.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        let b = try NodeProcess(executable: executable, directory: scratch.path("target"), peers: [a.url])
        defer { b.stop() }
        let status = try HTTPClient(port: b.port)
        var held: Int64 = 0
        var lastReport = clock.now
        while held < Int64(total) {
            Thread.sleep(forTimeInterval: 0.05)
            let response = try status.get("/v1/status")
            held = (try? JSONParser.parse(response.body))?["events"]?.int64Value ?? 0
            if clock.now - lastReport > .seconds(10) {
                progress("replication \(held)/\(total)")
                lastReport = clock.now
            }
            guard clock.now - start < .seconds(3_600) else { throw BenchError("replication stalled at \(held)") }
        }
        let engineSeconds = Stopwatch.seconds(clock.now - start)
        let rssA = a.peakRSS
        let rssB = b.peakRSS
        b.stop()
        a.stop()
        let rawSeconds = try rawCopy(scratch)
        var result = Measurement.ratio(
            "replication", unit: "events/s", engine: Double(total) / engineSeconds,
            baseline: Double(total) / rawSeconds, baselineName: "raw ATTACH + INSERT … SELECT", atLeast: 0.5)
        result.goal = "≥ 0.5×, RSS ≤ 150 MB"
        result.met = result.met && rssA <= 150 && rssB <= 150
        result.extra = [("peak RSS source MB", rssA), ("peak RSS target MB", rssB)]
        return [result]
    }

    /// Copies every event of the source into an empty database of the same schema, in one transaction.
    static func rawCopy(_ scratch: Scratch) throws -> Double {
        let raw = try scratch.newRaw("raw")
        raw.exec("ATTACH DATABASE '\(scratch.logPath("source"))' AS source")
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
