import EventLog
import EventModel
import Foundation
import HTTP
import Projections

extension NodeAPI {
    /// `GET /metrics`: counters, event gauges on the caller's channels, peer lag, view and file sizes.
    func metrics(caller: MunicipalityCode?) throws -> HTTPResponse {
        let channels = node.service.channels(forCaller: caller)
        let (vector, views, path) = try node.queue.sync { store in
            (try store.log.vector(channels: channels), try store.views.status(), store.log.database.path)
        }
        var lines = node.metrics.exposition()
        lines += [
            "# HELP samverkan_events Events held, by channel and origin (the highest sequence of the chain).",
            "# TYPE samverkan_events gauge",
        ]
        for key in vector.keys {
            lines.append(
                "samverkan_events{channel=\"\(NodeMetrics.label(key.channel.description))\",origin=\"\(NodeMetrics.label(key.origin.description))\"} \(vector[key].seq)")
        }
        let isOwn = caller == nil || caller == node.identity.municipality
        if isOwn {
            lines += [
                "# HELP samverkan_peer_lag_events Events one side lacks, per peer and direction.",
                "# TYPE samverkan_peer_lag_events gauge",
                "# HELP samverkan_peer_lag_seconds Seconds since the peer last answered.",
                "# TYPE samverkan_peer_lag_seconds gauge",
            ]
            let now = Date().timeIntervalSince1970
            for peer in node.peers {
                let status = peer.status
                let url = NodeMetrics.label(status.url)
                let peerLacks = vector.surplus(over: status.peerVector).values.reduce(0, +)
                let weLack = status.peerVector.surplus(over: vector).values.reduce(0, +)
                lines.append("samverkan_peer_lag_events{peer=\"\(url)\",direction=\"peer_lacks\"} \(peerLacks)")
                lines.append("samverkan_peer_lag_events{peer=\"\(url)\",direction=\"we_lack\"} \(weLack)")
                if let contact = status.lastContactMillis {
                    let seconds = max(0, now - Double(contact) / 1000)
                    lines.append("samverkan_peer_lag_seconds{peer=\"\(url)\"} \(String(format: "%.3f", seconds))")
                }
            }
            lines += [
                "# HELP samverkan_view_events_total Events folded into the views, skipped, or flagged.",
                "# TYPE samverkan_view_events_total counter",
                "samverkan_view_events_total{result=\"folded\"} \(views.folded)",
                "samverkan_view_events_total{result=\"skipped\"} \(views.skipped)",
                "samverkan_view_events_total{result=\"flagged\"} \(views.flagged)",
                "# HELP samverkan_database_bytes Size of the node's SQLite file and its write-ahead log.",
                "# TYPE samverkan_database_bytes gauge",
                "samverkan_database_bytes{file=\"db\"} \(Self.fileSize(path))",
                "samverkan_database_bytes{file=\"wal\"} \(Self.fileSize(path + "-wal"))",
            ]
        }
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
