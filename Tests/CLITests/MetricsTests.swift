import EventModel
import Foundation
import Synchronization
import Testing

/// A small parser of the Prometheus text exposition format (version 0.0.4), strict enough to fail.
struct PrometheusText {
    struct Sample: Hashable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    enum Failure: Error { case line(Int, String) }

    let samples: [Sample]

    init(_ text: String) throws {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.isEmpty { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                    throw Failure.line(number + 1, line)
                }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            var index = line.startIndex
            while index < line.endIndex, line[index].isLetter || line[index].isNumber || line[index] == "_" || line[index] == ":" {
                index = line.index(after: index)
            }
            let name = String(line[..<index])
            guard let first = name.first, first.isLetter || first == "_" else { throw Failure.line(number + 1, line) }
            var labels: [String: String] = [:]
            if index < line.endIndex, line[index] == "{" {
                index = line.index(after: index)
                while line[index] != "}" {
                    guard let equals = line[index...].firstIndex(of: "="), line[line.index(after: equals)] == "\"" else {
                        throw Failure.line(number + 1, line)
                    }
                    let key = String(line[index..<equals])
                    var cursor = line.index(equals, offsetBy: 2)
                    var value = ""
                    while line[cursor] != "\"" {
                        if line[cursor] == "\\" { cursor = line.index(after: cursor) }
                        value.append(line[cursor])
                        cursor = line.index(after: cursor)
                    }
                    labels[key] = value
                    index = line.index(after: cursor)
                    if line[index] == "," { index = line.index(after: index) }
                }
                index = line.index(after: index)
            }
            let rest = line[index...].trimmingCharacters(in: .whitespaces)
            guard let value = Double(rest.split(separator: " ").first ?? "") ?? (rest == "+Inf" ? .infinity : nil) else {
                throw Failure.line(number + 1, line)
            }
            let family = ["_bucket", "_sum", "_count"].reduce(name) { name, suffix in
                name.hasSuffix(suffix) && types[String(name.dropLast(suffix.count))] == "histogram"
                    ? String(name.dropLast(suffix.count)) : name
            }
            guard types[family] != nil else { throw Failure.line(number + 1, "no TYPE for \(family)") }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        self.samples = samples
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in
            sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value }
        }?.value
    }
}

extension ProcessTests {
    @Suite(.serialized) struct MetricsTests {
        @Test func metricsParseAndMoveWithAppendsAndSync() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            let b = try NodeProcess(name: "mlx-server", municipality: 475)
            defer { [a, b].forEach { $0.destroy() } }
            try a.start()
            try b.start(peers: [a.url])
            func metrics() throws -> PrometheusText {
                let answer = try HTTPCall.run(method: "GET", url: b.url + "/metrics", body: nil)
                #expect(answer.status == 200)
                return try PrometheusText(String(decoding: answer.body, as: UTF8.self))
            }
            let before = try metrics()
            #expect(before.value("samverkan_ingested_total", ["outcome": "appended"]) == 0)
            #expect(before.value("samverkan_http_request_duration_seconds_count") != nil)
            try a.append(count: 3, meeting: "counted")
            #expect(try eventually { try metrics().value("samverkan_ingested_total", ["outcome": "appended"]) == 3 })
            let after = try metrics()
            #expect(after.value("samverkan_events", ["channel": "region", "origin": "krs-server.1"]) == 3)
            #expect((after.value("samverkan_database_bytes", ["file": "db"]) ?? 0) > 0)
            #expect(after.value("samverkan_peer_lag_events", ["direction": "we_lack"]) == 0)
            let posted = try HTTPCall.run(
                method: "POST", url: b.url + "/v1/events",
                body: Data(#"{"channel":"region","stream":"meeting/m","type":"meeting.scheduled","author":"a","payload":{"meeting":"m","date":"2025-05-05","host":475,"place":"Malax"}}"#.utf8))
            #expect(posted.status == 201)
            #expect(try metrics().value("samverkan_appends_total") == 1)
            #expect((try metrics().value("samverkan_http_requests_total", ["status": "200"]) ?? 0) >= 3)
            #expect(throws: PrometheusText.Failure.self) { try PrometheusText("bad line here") }
        }
            @Test func concurrentAppendsOverHTTPAreAllAcknowledgedInOneGaplessChain() throws {
            let node = try NodeProcess(name: "kas-server", municipality: 231)
            defer { node.destroy() }
            try node.start()
            let url = node.url + "/v1/events"
            let seqs = Mutex<[Int64]>([])
            DispatchQueue.concurrentPerform(iterations: 32) { client in
                // Half the payloads in canonical form (kept as their bytes), half not (parsed into a tree).
                let payload =
                    client % 2 == 0
                    ? #"{"date":"2025-05-05","host":231,"meeting":"c\#(client)","place":"Kaskö"}"#
                    : #"{"meeting":"c\#(client)","date":"2025-05-05","host":231,"place":"Kaskö"}"#
                let body = Data(
                    #"{"channel":"region","stream":"meeting/c\#(client)","type":"meeting.scheduled","author":"a","payload":\#(payload)}"#.utf8)
                if let answer = try? HTTPCall.run(method: "POST", url: url, body: body), answer.status == 201,
                    let seq = answer.json["seq"]?.int64Value
                {
                    seqs.withLock { $0.append(seq) }
                }
            }
            #expect(seqs.withLock { $0.sorted() } == Array(1...32))
            #expect(try CLIProcess.run(["verify", "--data", node.data]).status == 0)
            let events = try #require(try node.get("/v1/changes?after=0&wait=0")["events"]?.arrayValue)
            #expect(events.count == 32)
            for event in events {
                let meeting = event["stream"]?.stringValue.map { String($0.dropFirst("meeting/".count)) }
                let payload = event["payload"]
                #expect(payload?["meeting"]?.stringValue == meeting && payload?["place"]?.stringValue == "Kaskö")
                #expect(payload?.objectValue?.count == 4)
            }
        }
    }
}
