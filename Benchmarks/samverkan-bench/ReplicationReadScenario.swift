import EventLog
import EventModel
import Foundation
import Node
import Replication

/// `replication-read`: what a catching-up node does per page, in one process and one thread: a page of
/// 5,000 events read from its bytes (`PullResponse(page:)`), read and judged (`OfferedEvent`) and ingested.
/// Meant for instruction counts (callgrind), where the two threads and the sockets of `replication` blur
/// what each step costs.
enum ReplicationRead {
    static func run(_ options: Options) throws -> [Measurement] {
        let total = options.events
        let scratch = try Scratch(options: options, scenario: "replication-read")
        let source = try scratch.newLog("source", node: "bench-a")
        try fill(source, count: total)
        let target = try scratch.newLog("target", node: "bench-b")
        let validator = NodeStore.catalog
        var vector = VersionVector()
        var pages: [[UInt8]] = []
        while true {
            let page = try source.wireEvents(after: vector, channels: [.region], maxCount: 5_000, maxBytes: 64 << 20)
            guard !page.events.isEmpty else { break }
            pages.append(PullAnswer(events: page.events, hasMore: page.hasMore, vector: try source.vector()).encoded)
            for event in page.events { vector[event.chain] = event.head }
        }
        source.close()
        let clock = ContinuousClock()
        let start = clock.now
        var stored = 0
        for bytes in pages {
            let response = try PullResponse(page: bytes)
            let offered = response.envelopes.map { OfferedEvent(envelope: $0, validator: validator) }
            stored += try target.ingest(offered: offered).count
        }
        let seconds = Stopwatch.seconds(clock.now - start)
        target.close()
        return [
            Measurement(
                name: "replication-read", unit: "events/s", engine: Double(stored) / seconds, baseline: nil,
                baselineName: "absolute: pages read, judged and ingested in one thread", goal: "-", met: true, extra: [])
        ]
    }
}
