import Domain
import EventLog
import EventModel
import Foundation
import Node
import Synchronization

/// A node served in this process on a free loopback port, without request logging.
final class InProcessNode {
    let runtime: NodeRuntime
    let port: Int

    init(_ scratch: Scratch, name: String) throws {
        try scratch.newLog(name).close()
        var settings = NodeRuntime.Settings()
        settings.host = "127.0.0.1"
        settings.port = 0
        settings.http.logSink = nil
        runtime = try NodeRuntime(directory: scratch.path(name), settings: settings)
        port = try runtime.start()
    }

    func stop() { runtime.shutdown(graceSeconds: 1) }
}

/// `http-append-32`: 32 keep-alive clients, one event per `POST /v1/events`, against raw batched
/// inserts and raw single commits measured in the same scenario (`append-group` measures the group
/// committer the API appends through, without HTTP).
enum HTTPAppend {
    static let clients = 32

    static func run(_ options: Options) throws -> [Measurement] {
        let total = options.requests
        let scratch = try Scratch(options: options, scenario: "http-append")
        let bodies = (0..<total).map { Workload.requestBody($0, tag: "h") }
        let node = try InProcessNode(scratch, name: "node")
        let next = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let port = node.port
        var seconds = 0.0
        let single = try RawRates.singleAround(scratch, rows: options.size(1_000, quick: 200)) {
            seconds = Stopwatch.measure {
                concurrently(clients) { _ in
                    guard let client = try? HTTPClient(port: port) else {
                        failures.add(1, ordering: .relaxed)
                        return
                    }
                    while true {
                        let index = next.add(1, ordering: .relaxed).newValue - 1
                        guard index < total else { return }
                        let status = (try? client.post("/v1/events", body: bodies[index]).status) ?? 0
                        if status != 201 { failures.add(1, ordering: .relaxed) }
                    }
                }
            }
        }
        node.stop()
        guard failures.load(ordering: .relaxed) == 0 else {
            throw BenchError("\(failures.load(ordering: .relaxed)) of \(total) appends over HTTP failed")
        }
        let batched = try RawRates.batched(scratch, rows: total)
        let rate = Double(total) / seconds
        var versusSingle = Measurement.ratio(
            "http-append-32-vs-single", unit: "events/s", engine: rate, baseline: single.rate,
            baselineName: "raw single-row commits just before and after, synchronous=FULL", atLeast: 5)
        versusSingle.extra = [("raw single commits/s before", single.before), ("raw single commits/s after", single.after)]
        return [
            .ratio(
                "http-append-32", unit: "events/s", engine: rate, baseline: batched,
                baselineName: "raw INSERT, 1000 rows per transaction", atLeast: 0.25),
            versusSingle,
        ]
    }
}

/// `http-small`: small keep-alive requests (`GET /v1/health`) on 1 and on 32 connections.
enum HTTPSmall {
    static func run(_ options: Options) throws -> [Measurement] {
        let duration = options.quick ? 1.5 : 5.0
        let scratch = try Scratch(options: options, scenario: "http-small")
        let node = try InProcessNode(scratch, name: "node")
        defer { node.stop() }
        let one = try rate(port: node.port, connections: 1, seconds: duration)
        let many = try rate(port: node.port, connections: 32, seconds: duration)
        return [
            Measurement(
                name: "http-small-1", unit: "requests/s", engine: one, baseline: nil,
                baselineName: "absolute (nginx here: 14.6k)", goal: "≥ 10000/s", met: one >= 10_000),
            Measurement(
                name: "http-small-32", unit: "requests/s", engine: many, baseline: nil,
                baselineName: "absolute (nginx here: 37k)", goal: "≥ 25000/s", met: many >= 25_000),
        ]
    }

    static func rate(port: Int, connections: Int, seconds: Double) throws -> Double {
        let done = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        let elapsed = Stopwatch.measure {
            concurrently(connections) { _ in
                guard let client = try? HTTPClient(port: port) else {
                    failures.add(1, ordering: .relaxed)
                    return
                }
                var count = 0
                while count % 64 != 0 || clock.now < deadline {
                    guard (try? client.get("/v1/health").status) == 200 else {
                        failures.add(1, ordering: .relaxed)
                        return
                    }
                    count += 1
                }
                done.add(count, ordering: .relaxed)
            }
        }
        guard failures.load(ordering: .relaxed) == 0 else { throw BenchError("small requests failed") }
        return Double(done.load(ordering: .relaxed)) / elapsed
    }
}
