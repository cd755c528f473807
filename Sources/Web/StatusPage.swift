import Domain
import EventModel

/// StatusPage shows how the node syncs: its peers, when each was last heard from, how many events each side lacks,
/// and every stopped stream with the reason, read from the node's status document.
enum StatusPage {
    static func body(_ snapshot: WebSnapshot, _ query: WebQuery) -> String {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebText.label(key, language)) }
        let status = snapshot.status
        var out = "<dl><dt>\(l("node"))</dt><dd>\(HTML.escape(snapshot.node))</dd>"
        out += "<dt>\(l("municipality"))</dt><dd>\(HTML.escape(WebText.name(snapshot.municipality, language)))</dd>"
        if let events = status["events"]?.int64Value { out += "<dt>\(l("events"))</dt><dd>\(events)</dd>" }
        if let flagged = status["flaggedEvents"]?.int64Value { out += "<dt>\(l("flagged"))</dt><dd>\(flagged)</dd>" }
        out += "</dl><h2>\(l("peers"))</h2>"
        let peers = status["peers"]?.arrayValue ?? []
        if peers.isEmpty {
            out += "<p>\(l("noPeers"))</p>"
        } else {
            out +=
                "<table><tr><th>\(l("peer"))</th><th>\(l("node"))</th><th>\(l("lastContact"))</th>"
                + "<th>\(l("behind"))</th><th>\(l("lastError"))</th></tr>"
            for peer in peers {
                let contact =
                    peer["lastContactMillis"]?.int64Value.map(WebText.time(millis:)) ?? WebText.label("never", language)
                let lacks = peer["behind"]?["peerLacks"]?.int64Value ?? 0
                let weLack = peer["behind"]?["weLack"]?.int64Value ?? 0
                let error = peer["lastError"]?.stringValue ?? ""
                let who = peer["peer"]?["origin"]?.stringValue ?? peer["peer"]?["node"]?.stringValue ?? ""
                let isBehind = lacks > 0 || weLack > 0
                out +=
                    "<tr\(error.isEmpty ? "" : " class=\"below\"")><td>\(HTML.escape(peer["url"]?.stringValue ?? ""))</td>"
                out += "<td>\(HTML.escape(who))</td><td>\(HTML.escape(contact))</td>"
                out +=
                    "<td class=\"num\(isBehind ? " above" : " met")\">\(l("peerLacks")) \(lacks), \(l("weLack")) \(weLack)</td>"
                out += "<td>\(HTML.escape(error))</td></tr>"
            }
            out += "</table>"
        }
        var stopped: [(String, String, String)] = []
        for stop in status["stoppedChains"]?.arrayValue ?? [] {
            stopped.append(
                (
                    stop["channel"]?.stringValue ?? "", stop["origin"]?.stringValue ?? "",
                    stop["reason"]?.stringValue ?? ""
                ))
        }
        for peer in peers {
            for stop in peer["stoppedChains"]?.arrayValue ?? [] {
                stopped.append(
                    (
                        stop["channel"]?.stringValue ?? "", stop["origin"]?.stringValue ?? "",
                        stop["reason"]?.stringValue ?? ""
                    ))
            }
        }
        out += "<h2>\(l("stoppedStreams"))</h2>"
        if stopped.isEmpty {
            out += "<p>\(l("none"))</p>"
        } else {
            out += "<table><tr><th>Channel</th><th>Origin</th><th>\(l("reason"))</th></tr>"
            for (channel, origin, reason) in stopped {
                out +=
                    "<tr class=\"below\"><td>\(HTML.escape(channel))</td><td>\(HTML.escape(origin))</td><td>\(HTML.escape(reason))</td></tr>"
            }
            out += "</table>"
        }
        let forks = status["forks"]?.arrayValue ?? []
        if !forks.isEmpty {
            out +=
                "<h2>\(l("forks"))</h2><ul>" + forks.map { "<li>\(HTML.escape($0.stringValue ?? ""))</li>" }.joined()
                + "</ul>"
        }
        return out
    }
}
