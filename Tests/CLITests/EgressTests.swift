import EventModel
import Foundation
import Testing

extension ProcessTests {
    /// Personal case data never leaves its municipality: every byte between nodes of different
    /// municipalities is recorded and searched for canaries written in each municipality channel.
    @Suite(.serialized) struct EgressTests {
        static let members = [
            ("krs-server", 287), ("kas-server", 231), ("nrp-server", 545), ("kor-server", 280), ("mlx-server", 475),
        ]

        func writeCase(on node: SecureNode, id: String, canary: String) throws {
            // The name is sealed under the person's key; the caseworker stands in clear, so the canary
            // would show in any byte of the case event that crossed a municipality's border.
            try SecurityRegion.run([
                "case", "open", "--data", node.data, "--on", "2025-04-01", "--grounds", "own_request",
                "--name", canary, "--caseworker", canary,
            ])
        }

        @Test func caseDataStaysWithinItsMunicipalityAcrossAFullRegionSync() throws {
            let region = try SecurityRegion(codes: Self.members.map(\.1))
            var servers: [SecureNode] = []
            for (name, code) in Self.members { servers.append(try region.node(name, municipality: code)) }
            let laptop = try region.node("nrp-laptop", municipality: 545)
            var proxies: [RecordingProxy] = []
            defer {
                proxies.forEach { $0.stop() }
                region.destroy()
            }
            try region.enrolAll()
            for node in servers + [laptop] {
                try writeCase(on: node, id: "c-\(node.name)", canary: "CANARY-\(node.name)-Ali-Hassan")
                try node.append(count: 3, meeting: "from-\(node.name)")
            }
            // Närpes's server is the hub: every other municipality reaches it through a recording proxy;
            // Närpes's own laptop reaches it directly.
            let hub = servers[2]
            try hub.start()
            let hubPort = Int(hub.url.split(separator: ":").last!)!
            for node in servers where node !== hub {
                let proxy = try RecordingProxy(targetPort: hubPort)
                proxies.append(proxy)
                try node.start(peers: [proxy.url])
            }
            try laptop.start(peers: [hub.url])
            let everyone = servers + [laptop]
            let regionEvents = Int64(everyone.count * 3 + everyone.count * everyone.count)  // meetings + enrolments
            let converged = eventually(timeout: 90) {
                everyone.allSatisfy { node in
                    ((try? node.vector().restricted(to: [.region]).heads.values.map(\.seq).reduce(0, +)) ?? 0) == regionEvents
                }
            }
            #expect(converged)
            let nrp = Channel.municipality(MunicipalityCode(545)!)
            #expect(try laptop.vector().restricted(to: [nrp]) == hub.vector().restricted(to: [nrp]))
            let laptopLog = try SecurityRegion.run(["log", "--data", laptop.data, "--json"])
            #expect(laptopLog.contains("CANARY-nrp-server"), "a node of the same municipality receives its case data")
            proxies.forEach { $0.stop() }
            let captured = proxies.map(\.bytes)
            #expect(captured.allSatisfy { !$0.isEmpty }, "every link carried traffic")
            for (bytes, node) in zip(captured, servers.filter { $0 !== hub }) {
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(!text.contains("CANARY"), "bytes between \(node.name) and nrp-server hold a canary")
                #expect(text.contains("meeting/from-"), "the link carried regional events")
            }
            for node in servers where node.municipality != 545 {
                let log = try SecurityRegion.run(["log", "--data", node.data, "--json"])
                #expect(!log.contains("CANARY-nrp") && !log.contains("CANARY-nrp-laptop"))
            }
        }
    }
}
