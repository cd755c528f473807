import EventLog
import EventModel
import Foundation
import ProcessSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension ReliabilityProcessTests {
    /// SIGKILL at random moments while a serving node ingests pushed batches, while it appends for
    /// clients of its API, and while views are rebuilt or caught up. (`samverkan append` loops killed
    /// mid-way are CLITests' CrashTests.)
    @Suite(.serialized) struct CrashConsistencyTests {
        /// Kills a node in the middle of large pushes; what it acknowledged must survive, exactly.
        @Test func killedWhileIngestingPushedBatchesLosesNoAcknowledgedEvent() throws {
            var random = SplitMix64(seed: harnessSeed(0xC0FFEE))
            let source = try SourceLog(node: "mlx-laptop", municipality: 475)
            let node = try Node(name: "krs-server", municipality: 287)
            defer {
                source.destroy()
                node.destroy()
            }
            let rounds = killRounds(12)
            try source.appendMeetings(1_000 * rounds, prefix: "pushed", batch: 2_000)
            let events = try source.allEvents()
            let key = ChainKey(channel: .region, origin: source.log.identity.origin)
            let acknowledged = Atomic<Int>(0)  // the highest seq a 200 answer acknowledged
            var kills = 0
            for round in 0..<rounds {
                try node.start()
                let from = Int(try node.regionalVector()[key].seq)
                let port = node.port
                let done = DispatchSemaphore(value: 0)
                Thread {
                    defer { done.signal() }
                    var next = from
                    while next < events.count {
                        let batch = events[next..<min(events.count, next + 1_500)]
                        guard let answer = try? http(port, "POST", "/v1/push", body: pushBody(batch), headers: ["Samverkan-Municipality": "475"]),
                            answer.status == 200, let outcomes = answer.json["outcomes"]?.arrayValue
                        else { return }
                        let held = outcomes.prefix { ["appended", "duplicate"].contains($0["kind"]?.stringValue) }.count
                        acknowledged.store(max(acknowledged.load(ordering: .relaxed), next + held), ordering: .relaxed)
                        next += batch.count
                    }
                }.start()
                // A random moment: before, between or (mostly) inside the one-transaction ingest of a batch.
                usleep(UInt32.random(in: 30_000...900_000, using: &random))
                if node.isRunning { kills += 1 }
                node.crash()
                done.wait()
                #expect(try node.verify() == nil, "round \(round)")
                let held = try node.regionalVector()[key]
                let acked = acknowledged.load(ordering: .relaxed)
                #expect(held.seq >= Int64(acked), "round \(round): acknowledged up to \(acked), holds \(held.seq)")
                if held.seq > 0 { #expect(held.hash == events[Int(held.seq) - 1].hash, "round \(round): the vector's hash") }
            }
            print("crash harness, pushes: \(kills) kills in \(rounds) rounds, seed \(harnessSeed(0xC0FFEE))")
            #expect(kills >= rounds * 3 / 4)
            // Finally, deliver the rest and compare everything.
            try node.start()
            let from = Int(try node.regionalVector()[key].seq)
            for start in stride(from: from, to: events.count, by: 2_000) {
                let answer = try http(node.port, "POST", "/v1/push", body: pushBody(events[start..<min(events.count, start + 2_000)]))
                #expect(answer.status == 200)
            }
            node.stop()
            #expect(try node.regionalVector()[key] == ChainHead(seq: Int64(events.count), hash: events.last!.hash))
            #expect(try node.storedHashes().isSuperset(of: events.map(\.hash.hex)))
            #expect(try node.verify() == nil)
        }

        /// Kills `samverkan rebuild` and the catch-up of `samverkan digest` at random moments; afterwards
        /// every view equals a fresh rebuild.
        @Test func killedViewRebuildsAndCatchUpsEqualAFreshRebuild() throws {
            var random = SplitMix64(seed: harnessSeed(0xBEEF))
            let node = try Node(name: "nrp-server", municipality: 545)
            let source = try SourceLog(node: "kor-laptop", municipality: 280)
            defer {
                node.destroy()
                source.destroy()
            }
            #expect(try samverkan(["programme", "import", "--data", node.data]).status == 0)
            let rounds = killRounds(10)
            try source.appendMeetings(1_000 + 500 * (rounds / 2 + 1), prefix: "views", batch: 1_000)
            let events = try source.allEvents()
            try ingest(events[0..<1_000], into: node)
            // How long a clean rebuild takes here decides the window the kills are drawn from.
            let started = Date()
            let clean = try samverkan(["rebuild", "--data", node.data])
            #expect(clean.status == 0)
            let window = max(0.08, Date().timeIntervalSince(started))
            var kills = 0
            for round in 0..<rounds {
                var arguments = ["rebuild", "--data", node.data]
                if round % 2 == 1 {
                    // New events the stored views have not folded: `digest` catches up, and is killed doing it.
                    let start = 1_000 + (round / 2) * 500
                    try ingest(events[start..<start + 500], into: node)
                    arguments = ["digest", "meetings", "--data", node.data]
                }
                let process = Process()
                process.executableURL = Paths.samverkan
                process.arguments = arguments
                let collector = Collector(process)
                try process.run()
                usleep(UInt32(Double.random(in: 0.01...window, using: &random) * 1_000_000))
                if process.isRunning { kills += 1 }
                kill(process.processIdentifier, SIGKILL)
                ChildExit.wait(for: process)
                _ = collector.finish()
                #expect(try node.verify() == nil, "round \(round)")
                let caughtUp = try ["programme", "followup", "meetings"].map { try node.digest($0) }
                let rebuilt = try samverkan(["rebuild", "--data", node.data])
                #expect(rebuilt.status == 0, "round \(round): rebuild after the kill: \(rebuilt.stderr)")
                let digests = try JSONParser.parse(rebuilt.stdout)["digests"]
                #expect(caughtUp == ["programme", "followup", "meetings"].map { digests?[$0]?.stringValue ?? "?" }, "round \(round)")
            }
            print("crash harness, views: \(kills) kills in \(rounds) rounds, seed \(harnessSeed(0xBEEF))")
            #expect(kills >= rounds * 3 / 4, "most kills should land while the process runs")
        }

        /// Kills a serving node while clients append over its API (`POST /v1/events`, the group
        /// committer); every event answered 201 must be stored after the restart, at its seq and hash.
        @Test func killedWhileAppendingOverTheAPILosesNoAcknowledgedEvent() throws {
            var random = SplitMix64(seed: harnessSeed(0xA99E))
            let node = try Node(name: "kas-server", municipality: 231)
            defer { node.destroy() }
            let rounds = killRounds(6)
            let acknowledged = Mutex<[Int64: String]>([:])  // seq → hash of every 201 answer
            var kills = 0
            var origin: Origin?
            for round in 0..<rounds {
                try node.start()
                let port = node.port
                let writers = DispatchGroup()
                for writer in 0..<6 {
                    writers.enter()
                    Thread {
                        defer { writers.leave() }
                        var n = 0
                        while true {
                            n += 1
                            let meeting = "crash-\(round)-\(writer)-\(n)"
                            let body: JSONValue = [
                                "channel": "region", "stream": .string("meeting/\(meeting)"), "type": "meeting.scheduled",
                                "author": "test.writer",
                                "payload": [
                                    "meeting": .string(meeting), "date": "2025-09-01", "host": 231, "place": "Kaskö stadshus",
                                ],
                            ]
                            guard let answer = try? http(port, "POST", "/v1/events", body: CanonicalJSON.encode(body), timeout: 10),
                                answer.status == 201, let seq = answer.json["seq"]?.int64Value, let hash = answer.json["hash"]?.stringValue
                            else { return }
                            acknowledged.withLock { $0[seq] = hash }
                        }
                    }.start()
                }
                usleep(UInt32.random(in: 20_000...600_000, using: &random))
                if node.isRunning { kills += 1 }
                node.crash()
                writers.wait()
                #expect(try node.verify() == nil, "round \(round)")
                let vector = try node.regionalVector()
                origin = origin ?? vector.keys.first?.origin
                let held = origin.map { vector[ChainKey(channel: .region, origin: $0)] } ?? .empty
                let acked = acknowledged.withLock { $0 }
                let highest = acked.keys.max() ?? 0
                #expect(held.seq >= highest, "round \(round): acknowledged up to seq \(highest), holds \(held.seq)")
                if held.seq == highest, highest > 0 { #expect(held.hash.hex == acked[highest], "round \(round): the head's hash") }
            }
            print("crash harness, API appends: \(kills) kills in \(rounds) rounds, \(acknowledged.withLock { $0.count }) acknowledged, seed \(harnessSeed(0xA99E))")
            #expect(kills >= rounds * 3 / 4)
            // Every acknowledged event is stored at its seq with its hash, and nothing else is.
            var stored: [Int64: String] = [:]
            for event in try node.storedEvents() where event.channel == .region { stored[event.seq] = event.hash.hex }
            let acked = acknowledged.withLock { $0 }
            let wrong = acked.filter { stored[$0.key] != $0.value }
            #expect(wrong.isEmpty, "\(wrong.count) acknowledged events missing or different, e.g. seq \(wrong.keys.sorted().prefix(5))")
            #expect(acked.count >= rounds, "the writers should have been acknowledged in most rounds")
            #expect(Set(stored.keys) == Set(1...Int64(max(1, stored.count))) || stored.isEmpty)
        }

        /// The rounds of a mode: `SAMVERKAN_KILL_ROUNDS` in the long mode (scripts/crash-harness.sh).
        private func killRounds(_ short: Int) -> Int {
            ProcessInfo.processInfo.environment["SAMVERKAN_KILL_ROUNDS"].flatMap { Int($0) } ?? short
        }

        /// Offers events to a stopped node's log as a peer would, in-process (quicker than a push).
        private func ingest(_ events: ArraySlice<Event>, into node: Node) throws {
            let log = try EventLog(directory: node.data, validator: AcceptAnyContent())
            defer { log.close() }
            let outcomes = try log.ingest(Array(events))
            #expect(outcomes.allSatisfy { $0 == .appended })
        }
    }
}
