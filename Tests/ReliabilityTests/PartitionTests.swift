import EventModel
import Foundation
import Testing

extension ReliabilityProcessTests {
    /// Real nodes behind the fault-injecting proxy, partitioned, restarted and crashed on a seeded
    /// schedule while they write in the region channel and in their municipality's channel; after
    /// healing they must agree exactly, have lost nothing, and have kept every municipality's case
    /// data among that municipality's nodes.
    ///
    /// `SAMVERKAN_SCHEDULES`, `SAMVERKAN_NODES`, `SAMVERKAN_SEED` and `SAMVERKAN_BUDGET_SECONDS` make
    /// the long mode (scripts/partition-harness.sh); the short mode here runs 2 schedules of 3 nodes
    /// (the Närpes server, a Närpes laptop and the Kristinestad server).
    @Suite(.serialized) struct PartitionTests {
        /// In the order nodes are taken: any run of 2 or more holds two Närpes nodes, 5 or more also
        /// two Kristinestad nodes.
        static let members = [
            ("nrp-server", 545), ("nrp-laptop", 545), ("krs-server", 287), ("mlx-server", 475), ("krs-laptop", 287),
            ("kas-server", 231), ("kor-server", 280),
        ]

        @Test func seededSchedulesOfPartitionsAndRestartsConverge() throws {
            let environment = ProcessInfo.processInfo.environment
            let schedules = environment["SAMVERKAN_SCHEDULES"].flatMap { Int($0) } ?? 2
            let count = min(Self.members.count, max(2, environment["SAMVERKAN_NODES"].flatMap { Int($0) } ?? 3))
            // The long mode may be bounded in time: no new schedule starts after the budget.
            let budget = environment["SAMVERKAN_BUDGET_SECONDS"].flatMap { Double($0) }
            let began = Date()
            let first = harnessSeed(1)
            var converged = 0
            var ran = 0
            for seed in first..<first + UInt64(schedules) {
                if let budget, Date().timeIntervalSince(began) > budget { break }
                let started = Date()
                let result = try runSchedule(seed: seed, nodeCount: count)
                ran += 1
                if result.sound { converged += 1 }
                print(
                    "partition harness: schedule seed \(seed) \(result.sound ? "converged" : "FAILED") in "
                        + "\(Int(Date().timeIntervalSince(started))) s, \(result.summary)")
            }
            print(
                "partition harness: \(converged) of \(ran) schedules converged (\(count) nodes: "
                    + "\(Self.members.prefix(count).map(\.0).joined(separator: ", ")); seeds \(first)–\(first + UInt64(max(ran, 1)) - 1), "
                    + "\(schedules) asked, \(Int(Date().timeIntervalSince(began))) s)")
            #expect(ran > 0)
            #expect(converged == ran)
        }

        /// What a schedule's writers were told.
        private struct Acknowledged {
            /// Hashes of the events answered 201, per channel.
            var stored: [Channel: [String]] = [:]
            /// Appends without an answer (a timeout): stored or not, nobody knows.
            var unknown: [Channel: Int] = [:]
            var refused = 0
        }

        /// One schedule; `sound` when the nodes converged with every acknowledged event where it belongs.
        private func runSchedule(seed: UInt64, nodeCount: Int) throws -> (sound: Bool, summary: String) {
            var random = SplitMix64(seed: seed)
            let members = Array(Self.members.prefix(nodeCount))
            let nodes = try members.map { try Node(name: $0.0, municipality: $0.1) }
            let codes = members.map { MunicipalityCode($0.1)! }
            var links: [String: Int] = [:]
            for i in nodes.indices { for j in nodes.indices where i != j { links["\(i)-\(j)"] = 1 } }
            let proxy = try FaultProxy(seed: seed, links: links)
            defer {
                nodes.forEach { $0.destroy() }
                print("  seed \(seed) faults: \(proxy.stop())")
            }
            // Node i reaches node j only through link "i-j"; a restarted node gets a new port, so its links are retargeted.
            func start(_ i: Int) throws {
                try nodes[i].start(peers: nodes.indices.filter { $0 != i }.map { "http://127.0.0.1:\(proxy.ports["\(i)-\($0)"]!)" })
                for j in nodes.indices where j != i { proxy.send("target \(j)-\(i) \(nodes[i].port)") }
            }
            for i in nodes.indices { try start(i) }
            var acknowledged = Acknowledged()
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
                        // About 40 % of the writes are case data in the node's own municipality channel.
                        let municipal = Int.random(in: 0..<5, using: &random) < 2
                        let channel: Channel = municipal ? .municipality(codes[i]) : .region
                        let name = "s\(seed)-\(step)-\(i)-\(n)"
                        let body = municipal ? Self.caseOpened(name, municipality: codes[i]) : Self.meetingScheduled(name, host: members[i].1)
                        do {
                            let answer = try http(node.port, "POST", "/v1/events", body: CanonicalJSON.encode(body), timeout: 10)
                            if answer.status == 201, let hash = answer.json["hash"]?.stringValue {
                                acknowledged.stored[channel, default: []].append(hash)
                            } else {
                                acknowledged.refused += 1
                            }
                        } catch {
                            acknowledged.unknown[channel, default: 0] += 1
                        }
                    }
                }
                usleep(UInt32.random(in: 200_000...900_000, using: &random))
            }
            proxy.send("up all")
            let held = { (channel: Channel) in
                let acked = Int64(acknowledged.stored[channel]?.count ?? 0)
                return acked...acked + Int64(acknowledged.unknown[channel] ?? 0)
            }
            let municipalities = Set(codes).sorted { $0.rawValue < $1.rawValue }
            // Regional vectors equal everywhere; each municipality's channel equal on its own nodes.
            let agreed = try eventually(timeout: 120) {
                let regional = try nodes.map { try vector(of: $0, asking: nil).restricted(to: [.region]) }
                guard Set(regional).count == 1, held(.region).contains(regional[0].heads.values.map(\.seq).reduce(0, +)) else {
                    return false
                }
                for code in municipalities {
                    let channel = Channel.municipality(code)
                    let own = try nodes.indices.filter { codes[$0] == code }.map {
                        try vector(of: nodes[$0], asking: code).restricted(to: [channel])
                    }
                    guard Set(own).count == 1, held(channel).contains(own[0].heads.values.map(\.seq).reduce(0, +)) else {
                        return false
                    }
                }
                return true
            }
            let summary = "\(acknowledged.stored.values.map(\.count).reduce(0, +)) acknowledged ("
                + acknowledged.stored.keys.sorted().map { "\($0) \(acknowledged.stored[$0]!.count)" }.joined(separator: ", ")
                + "), \(acknowledged.unknown.values.reduce(0, +)) unanswered, \(acknowledged.refused) refused; schedule \(log)"
            #expect(agreed, "seed \(seed): vectors did not converge after \(log)")
            guard agreed else {
                for node in nodes { print("  \(node.name): \((try? node.fullVector().jsonValue).map { CanonicalJSON.string($0) } ?? "?")") }
                return (false, summary)
            }
            var sound = true
            for view in ["followup", "meetings"] {
                let digests = try Set(nodes.map { try $0.digest(view) })
                #expect(digests.count == 1, "seed \(seed): \(view) digests differ after \(log)")
                sound = sound && digests.count == 1
            }
            for (i, node) in nodes.enumerated() {
                let events = try node.storedEvents()
                let hashes = Set(events.map(\.hash.hex))
                // Where each event belongs: the region everywhere, a municipality's channel only on its nodes.
                let foreign = events.filter { !$0.channel.isReadable(byMunicipality: codes[i]) }
                #expect(foreign.isEmpty, "seed \(seed): \(node.name) holds \(foreign.count) events of another municipality")
                let foreignChains = try node.fullVector().keys.filter { !$0.channel.isReadable(byMunicipality: codes[i]) }
                #expect(foreignChains.isEmpty, "seed \(seed): \(node.name)'s vector names \(foreignChains)")
                for channel in [Channel.region, .municipality(codes[i])] {
                    let missing = Set(acknowledged.stored[channel] ?? []).subtracting(hashes)
                    #expect(missing.isEmpty, "seed \(seed): \(node.name) lacks \(missing.count) acknowledged \(channel) events after \(log)")
                    sound = sound && missing.isEmpty
                }
                #expect(try node.verify() == nil, "seed \(seed): verify of \(node.name)")
                sound = sound && foreign.isEmpty && foreignChains.isEmpty
            }
            return (sound, summary)
        }

        /// The vector a node shows a caller of municipality `code` (region only when nil).
        private func vector(of node: Node, asking code: MunicipalityCode?) throws -> VersionVector {
            let headers = code.map { ["Samverkan-Municipality": "\($0)"] } ?? [:]
            do {
                return try VersionVector(json: http(node.port, "GET", "/v1/vector", headers: headers).json)
            } catch {
                throw Failure("vector of \(node.name): \(error); \(node.exitReport)")
            }
        }

        static func meetingScheduled(_ meeting: String, host: Int) -> JSONValue {
            [
                "channel": "region", "stream": .string("meeting/\(meeting)"), "type": "meeting.scheduled",
                "author": "anna.coordinator",
                "payload": ["meeting": .string(meeting), "date": "2025-03-12", "host": .number(JSONNumber(Int64(host))), "place": "Stadshuset"],
            ]
        }

        static func caseOpened(_ id: String, municipality: MunicipalityCode) -> JSONValue {
            [
                "channel": .string("municipality/\(municipality)"), "stream": .string("case/\(id)"), "type": "case.opened",
                "author": "bo.caseworker", "payload": ["on": "2025-03-01", "grounds": "own_request"],
            ]
        }
    }
}
