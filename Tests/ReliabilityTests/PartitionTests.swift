import EventModel
import Foundation
import Testing

extension ReliabilityProcessTests {
    /// Real nodes behind the fault-injecting proxy, partitioned, restarted and crashed on a seeded
    /// schedule while they write; after healing they must agree exactly and have lost nothing.
    ///
    /// `SAMVERKAN_SCHEDULES`, `SAMVERKAN_NODES` and `SAMVERKAN_SEED` make the long mode
    /// (scripts/partition-harness.sh); the short mode here runs 2 schedules of 3 nodes.
    @Suite(.serialized) struct PartitionTests {
        static let members = [("krs-server", 287), ("nrp-server", 545), ("mlx-server", 475), ("kas-server", 231), ("kor-server", 280)]

        @Test func seededSchedulesOfPartitionsAndRestartsConverge() throws {
            let environment = ProcessInfo.processInfo.environment
            let schedules = environment["SAMVERKAN_SCHEDULES"].flatMap { Int($0) } ?? 2
            let count = min(5, max(2, environment["SAMVERKAN_NODES"].flatMap { Int($0) } ?? 3))
            let first = harnessSeed(1)
            var converged = 0
            for seed in first..<first + UInt64(schedules) {
                if try runSchedule(seed: seed, nodeCount: count) { converged += 1 }
            }
            print("partition harness: \(converged) of \(schedules) schedules converged (\(count) nodes, first seed \(first))")
            #expect(converged == schedules)
        }

        /// One schedule; true when the nodes converged with every acknowledged event.
        private func runSchedule(seed: UInt64, nodeCount: Int) throws -> Bool {
            var random = SplitMix64(seed: seed)
            let nodes = try Self.members.prefix(nodeCount).map { try Node(name: $0.0, municipality: $0.1) }
            var links: [String: Int] = [:]
            for i in nodes.indices { for j in nodes.indices where i != j { links["\(i)-\(j)"] = 1 } }
            let proxy = try FaultProxy(seed: seed, links: links)
            defer {
                nodes.forEach { $0.destroy() }
                proxy.stop()
            }
            // Node i reaches node j only through link "i-j"; a restarted node gets a new port, so its links are retargeted.
            func start(_ i: Int) throws {
                try nodes[i].start(peers: nodes.indices.filter { $0 != i }.map { "http://127.0.0.1:\(proxy.ports["\(i)-\($0)"]!)" })
                for j in nodes.indices where j != i { proxy.send("target \(j)-\(i) \(nodes[i].port)") }
            }
            for i in nodes.indices { try start(i) }
            var acknowledged: [String] = []
            var log: [String] = []
            for step in 0..<8 {
                let victim = Int.random(in: 0..<nodes.count, using: &random)
                switch Int.random(in: 0..<6, using: &random) {
                case 0, 1:
                    log.append("partition \(victim)")
                    for j in nodes.indices where j != victim { proxy.send("down \(victim)-\(j)"); proxy.send("down \(j)-\(victim)") }
                case 2:
                    log.append("chaos")
                    proxy.send("chaos all")
                case 3:
                    log.append("heal")
                    proxy.send("up all")
                case 4:
                    log.append("restart \(victim)")
                    nodes[victim].stop()
                    try start(victim)
                default:
                    log.append("crash \(victim)")
                    nodes[victim].crash()
                    try start(victim)
                }
                for (i, node) in nodes.enumerated() {
                    for n in 0..<Int.random(in: 1...4, using: &random) {
                        if let hash = try? append(to: node, meeting: "s\(seed)-\(step)-\(i)-\(n)", host: Self.members[i].1) {
                            acknowledged.append(hash)
                        }
                    }
                }
                usleep(UInt32.random(in: 200_000...900_000, using: &random))
            }
            proxy.send("up all")
            let agreed = try eventually(timeout: 90) {
                let vectors = try nodes.map { try vector(of: $0) }
                return Set(vectors).count == 1 && vectors[0].heads.values.map(\.seq).reduce(0, +) == Int64(acknowledged.count)
            }
            #expect(agreed, "seed \(seed): vectors did not converge after \(log)")
            guard agreed else { return false }
            var sound = true
            for view in ["followup", "meetings"] {
                let digests = try Set(nodes.map { try $0.digest(view) })
                #expect(digests.count == 1, "seed \(seed): \(view) digests differ after \(log)")
                sound = sound && digests.count == 1
            }
            for node in nodes {
                let missing = Set(acknowledged).subtracting(try node.storedHashes())
                #expect(missing.isEmpty, "seed \(seed): \(node.name) lacks \(missing.count) acknowledged events after \(log)")
                sound = sound && missing.isEmpty
            }
            return sound
        }

        private func vector(of node: Node) throws -> VersionVector {
            try VersionVector(json: http(node.port, "GET", "/v1/vector").json).restricted(to: [.region])
        }

        /// A local append over the API; the hash when the node acknowledged it (201).
        private func append(to node: Node, meeting: String, host: Int) throws -> String? {
            let body: JSONValue = [
                "channel": "region", "stream": .string("meeting/\(meeting)"), "type": "meeting.scheduled",
                "author": "anna.coordinator",
                "payload": ["meeting": .string(meeting), "date": "2025-03-12", "host": .number(JSONNumber(Int64(host))), "place": "Stadshuset"],
            ]
            let answer = try http(node.port, "POST", "/v1/events", body: CanonicalJSON.encode(body), timeout: 10)
            return answer.status == 201 ? answer.json["hash"]?.stringValue : nil
        }
    }
}
