import EventModel
import Foundation
import Synchronization

/// NodeMetrics counts what a running node does, for `GET /metrics` (Prometheus text format).
/// Counters live in this process; what other processes append shows in the event gauges.
final class NodeMetrics: Sendable {
    /// Upper bounds of the request latency histogram, in seconds.
    static let latencyBuckets: [Double] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60]

    private struct Counts {
        var appends = 0
        var ingests: [String: Int] = [:]
        var refusals: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())
    /// Answered requests by status (100–599 at index status − 100), then one per latency bucket, then the
    /// total and the summed microseconds: counted without a lock, since every request adds to them.
    private let requestCounters = AtomicCounters(count: NodeMetrics.latencyBase + NodeMetrics.latencyBuckets.count + 2)
    private static let latencyBase = 500
    private static var totalIndex: Int { latencyBase + latencyBuckets.count }
    private static var microsecondsIndex: Int { totalIndex + 1 }

    /// Counts local appends.
    func recordAppends(_ count: Int) { counts.withLock { $0.appends += count } }

    /// Counts ingest outcomes by kind (appended, flagged, duplicate, fork, deferred, refused).
    func recordIngest(_ outcomes: [IngestOutcome]) {
        counts.withLock { counts in
            for outcome in outcomes {
                counts.ingests[outcome.kind, default: 0] += 1
                if case .refused(let refusal) = outcome { counts.refusals[refusal.code, default: 0] += 1 }
            }
        }
    }

    /// Counts one answered HTTP request.
    func recordRequest(status: Int, seconds: Double) {
        if (100...599).contains(status) { requestCounters.add(1, at: status - 100) }
        for (index, bound) in NodeMetrics.latencyBuckets.enumerated() where seconds <= bound {
            requestCounters.add(1, at: NodeMetrics.latencyBase + index)
        }
        requestCounters.add(Int((max(0, seconds) * 1_000_000).rounded()), at: NodeMetrics.microsecondsIndex)
        requestCounters.add(1, at: NodeMetrics.totalIndex)
    }

    /// The counters in Prometheus text format.
    func exposition() -> [String] {
        let snapshot = counts.withLock { $0 }
        var lines = [
            "# HELP samverkan_appends_total Local events appended through this process.",
            "# TYPE samverkan_appends_total counter",
            "samverkan_appends_total \(snapshot.appends)",
            "# HELP samverkan_ingested_total Events offered by peers, by outcome.",
            "# TYPE samverkan_ingested_total counter",
        ]
        for kind in ["appended", "flagged", "duplicate", "fork", "deferred", "refused"] {
            lines.append("samverkan_ingested_total{outcome=\"\(kind)\"} \(snapshot.ingests[kind] ?? 0)")
        }
        lines += [
            "# HELP samverkan_refused_total Events from peers refused, by reason.",
            "# TYPE samverkan_refused_total counter",
        ]
        for code in ["malformed", "bad_hash", "broken_chain", "gap", "channel", "forked"] {
            lines.append("samverkan_refused_total{reason=\"\(code)\"} \(snapshot.refusals[code] ?? 0)")
        }
        lines += [
            "# HELP samverkan_http_requests_total HTTP requests answered, by status.",
            "# TYPE samverkan_http_requests_total counter",
        ]
        for status in 100...599 where requestCounters[status - 100] > 0 {
            lines.append("samverkan_http_requests_total{status=\"\(status)\"} \(requestCounters[status - 100])")
        }
        lines += [
            "# HELP samverkan_http_request_duration_seconds Time to answer a request.",
            "# TYPE samverkan_http_request_duration_seconds histogram",
        ]
        for (index, bound) in NodeMetrics.latencyBuckets.enumerated() {
            lines.append(
                "samverkan_http_request_duration_seconds_bucket{le=\"\(Self.number(bound))\"} \(requestCounters[Self.latencyBase + index])")
        }
        let total = requestCounters[Self.totalIndex]
        lines += [
            "samverkan_http_request_duration_seconds_bucket{le=\"+Inf\"} \(total)",
            "samverkan_http_request_duration_seconds_sum \(Self.number(Double(requestCounters[Self.microsecondsIndex]) / 1_000_000))",
            "samverkan_http_request_duration_seconds_count \(total)",
        ]
        return lines
    }

    /// A number as Prometheus writes it.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A label value with `\`, `"` and newlines escaped.
    static func label(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
