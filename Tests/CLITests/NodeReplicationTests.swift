import EventModel
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension ProcessTests {
    /// Replication between real `samverkan serve` processes on 127.0.0.1.
    @Suite(.serialized) struct NodeReplicationTests {
        @Test func eventsTravelAlongALineOfThreeNodes() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            let b = try NodeProcess(name: "nrp-server", municipality: 545)
            let c = try NodeProcess(name: "mlx-server", municipality: 475)
            defer { [a, b, c].forEach { $0.destroy() } }
            try a.start()
            try b.start(peers: [a.url])
            try c.start(peers: [b.url])
            try a.append(count: 20, meeting: "from-a")
            try c.append(count: 15, meeting: "from-c")
            let converged = try eventually { try [a, b, c].allSatisfy { try $0.eventCount() == 35 } }
            #expect(converged)
            #expect(try a.regionalVector() == b.regionalVector())
            #expect(try b.regionalVector() == c.regionalVector())
        }

        /// Small pages, two chains: the puller asks for each next page while it stores the last one
        /// (`PeerSync.prefetchNext`); what arrives must be exactly what a page-by-page pull gives.
        @Test func aLogOfManyPagesCatchesUpExactlyWithPagesAskedAhead() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            let b = try NodeProcess(name: "nrp-server", municipality: 545)
            let c = try NodeProcess(name: "mlx-server", municipality: 475)
            defer { [a, b, c].forEach { $0.destroy() } }
            for node in [b, c] {
                try #"{"sync": {"pageEvents": 25}}"#.write(toFile: node.data + "/samverkan.json", atomically: true, encoding: .utf8)
            }
            try a.append(count: 300, meeting: "from-a")
            try b.append(count: 180, meeting: "from-b")
            try a.start()
            try b.start(peers: [a.url])
            #expect(try eventually(timeout: 60) { try b.eventCount() == 480 })
            try c.start(peers: [b.url])
            #expect(try eventually(timeout: 60) { try c.eventCount() == 480 })
            [a, b, c].forEach { $0.stop() }
            #expect(try c.regionalVector() == b.regionalVector())
            #expect(try b.regionalVector().heads.count == 2)
            for node in [b, c] {
                let verify = try CLIProcess.run(["verify", "--data", node.data])
                #expect(verify.status == 0, "\(node.name): \(verify.stdout)")
            }
        }

        @Test func aNodeStoppedWhileOthersWriteCatchesUpExactly() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            let b = try NodeProcess(name: "kas-server", municipality: 231)
            defer { [a, b].forEach { $0.destroy() } }
            try a.start()
            try b.start(peers: [a.url])
            try a.append(count: 5, meeting: "before")
            #expect(try eventually { try b.eventCount() == 5 })
            b.stop()
            try a.append(count: 40, meeting: "while-away")
            try b.append(count: 3, meeting: "offline")
            try b.start()
            #expect(try eventually { try a.eventCount() == 48 && b.eventCount() == 48 })
            #expect(try a.regionalVector() == b.regionalVector())
            let verify = try CLIProcess.run(["verify", "--data", b.data])
            #expect(verify.status == 0, "\(verify.stdout)")
        }

        @Test func partitionedGroupsConvergeAfterHealing() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            let b = try NodeProcess(name: "nrp-server", municipality: 545)
            let c = try NodeProcess(name: "kor-server", municipality: 280)
            defer { [a, b, c].forEach { $0.destroy() } }
            // Apart: {a} alone, {b, c} together.
            try a.start()
            try b.start()
            try c.start(peers: [b.url])
            let acknowledgedA = try a.append(count: 12, meeting: "group-a")
            let acknowledgedB = try b.append(count: 7, meeting: "group-b")
            let acknowledgedC = try c.append(count: 9, meeting: "group-c")
            #expect(try eventually { try b.eventCount() == 16 && c.eventCount() == 16 })
            #expect(try a.eventCount() == 12)
            // Heal: a joins b.
            a.stop()
            try a.start(peers: [b.url])
            #expect(try eventually { try [a, b, c].allSatisfy { try $0.eventCount() == 28 } })
            let hashes = Set(try CLIProcess.run(["log", "--data", c.data, "--json"]).lines.map {
                try Event(wireJSON: Array($0.utf8)).hash.hex
            })
            for line in acknowledgedA + acknowledgedB + acknowledgedC {
                let hash = try #require(try JSONParser.parse(line)["hash"]?.stringValue)
                #expect(hashes.contains(hash))
            }
        }

        @Test func theSameBatchPushedTwiceAndConcurrentlyIsStoredOnce() throws {
            let source = try NodeProcess(name: "mlx-laptop", municipality: 475)
            let target = try NodeProcess(name: "krs-server", municipality: 287)
            defer { [source, target].forEach { $0.destroy() } }
            try source.append(count: 30, meeting: "batch")
            let events = try CLIProcess.run(["log", "--data", source.data, "--json"]).lines.map {
                try JSONParser.parse($0)
            }
            let body = Data(CanonicalJSON.encode(["events": .array(events)]))
            try target.start()
            let headers = ["Content-Type": "application/json", "Samverkan-Municipality": "475"]
            let first = try HTTPCall.run(method: "POST", url: target.url + "/v1/push", body: body, headers: headers)
            #expect(first.status == 200)
            #expect(first.json["outcomes"]?.arrayValue?.allSatisfy { $0["kind"]?.stringValue == "appended" } == true)
            let again = try HTTPCall.run(method: "POST", url: target.url + "/v1/push", body: body, headers: headers)
            #expect(again.json["outcomes"]?.arrayValue?.allSatisfy { $0["kind"]?.stringValue == "duplicate" } == true)
            let pushURL = target.url + "/v1/push"
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                _ = try? HTTPCall.run(method: "POST", url: pushURL, body: body, headers: headers)
            }
            let log = try CLIProcess.run(["log", "--data", target.data, "--json"])
            #expect(log.lines.count == 30)
            #expect(try CLIProcess.run(["verify", "--data", target.data]).status == 0)
        }

        @Test func aNodeKilledInTheMiddleOfASyncConvergesWithNothingLostOrDoubled() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            let b = try NodeProcess(name: "nrp-server", municipality: 545)
            defer { [a, b].forEach { $0.destroy() } }
            try a.append(count: 4_000, meeting: "bulk")
            try a.start()
            try b.start(peers: [a.url])
            #expect(try eventually(timeout: 20) { try b.eventCount() > 0 })
            b.crash()
            let partial = try b.eventCount()
            try b.start()
            #expect(try eventually(timeout: 60) { try b.eventCount() == 4_000 })
            #expect(try a.regionalVector() == b.regionalVector())
            let verify = try CLIProcess.run(["verify", "--data", b.data])
            #expect(verify.status == 0, "after a crash at \(partial) events: \(verify.stdout)")
        }

        @Test func longPollDeliversAnAppendFromAnotherProcessPromptly() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            let b = try NodeProcess(name: "kas-server", municipality: 231)
            defer { [a, b].forEach { $0.destroy() } }
            try a.start()
            try b.start(peers: [a.url])
            #expect(try eventually { (try b.get("/v1/status"))["peers"]?.arrayValue?.first?["lastContactMillis"]?.int64Value != nil })
            usleep(300_000)  // let b's puller settle into its long-poll
            let started = Date()
            try a.append(meeting: "prompt")
            #expect(try eventually(timeout: 10) { try b.eventCount() == 1 })
            // Generous: the long-poll interval is 25 s, so anything near it would mean polling, not pushing.
            #expect(Date().timeIntervalSince(started) < 5)
        }

        @Test func aLaptopComingBackOnlineSyncsOnceBothWays() throws {
            let server = try NodeProcess(name: "kas-server", municipality: 231)
            let laptop = try NodeProcess(name: "kas-laptop", municipality: 231)
            defer { [server, laptop].forEach { $0.destroy() } }
            try server.append(count: 250, meeting: "at-the-office")
            try laptop.append(count: 7, meeting: "on-the-road")
            try server.start()
            let sync = try CLIProcess.run(["sync", "--data", laptop.data, "--peer", server.url])
            #expect(sync.status == 0, "\(sync.stdout) \(sync.stderr)")
            #expect(sync.stdout.contains("caught up: pulled 250, pushed 7"))
            #expect(try laptop.eventCount() == 257 && server.eventCount() == 257)
            let again = try CLIProcess.run(["sync", "--data", laptop.data, "--peer", server.url])
            #expect(again.status == 0 && again.stdout.contains("pulled 0, pushed 0"))
            server.stop()
            let away = try CLIProcess.run(["sync", "--data", laptop.data, "--peer", server.url])
            #expect(away.status == 6 && away.stderr.contains("unreachable"), "\(away.status) \(away.stdout) \(away.stderr)")
        }

        @Test func statusAndErrorsOfTheAPI() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            defer { a.destroy() }
            try a.start(peers: ["http://127.0.0.1:9"])
            let health = try a.get("/v1/health")
            #expect(health["origin"]?.stringValue == "krs-server.1" && health["status"]?.stringValue == "ok")
            #expect(try eventually { (try a.get("/v1/status"))["peers"]?.arrayValue?.first?["lastError"]?.stringValue != nil })
            let status = try a.get("/v1/status")
            #expect(status["peers"]?.arrayValue?.first?["nextRetryMillis"]?.int64Value != nil)
            let missing = try HTTPCall.run(method: "GET", url: a.url + "/v1/nothing", body: nil)
            #expect(missing.status == 404)
            let bad = try HTTPCall.run(method: "POST", url: a.url + "/v1/pull", body: Data("{".utf8))
            #expect(bad.status == 400)
            let refused = try HTTPCall.run(
                method: "POST", url: a.url + "/v1/events",
                body: Data(#"{"channel":"region","stream":"meeting/x","type":"meeting.scheduled","author":"anna","payload":{"meeting":"x"}}"#.utf8))
            #expect(refused.status == 422 && refused.json["field"]?.stringValue == "payload.date")
            let created = try HTTPCall.run(
                method: "POST", url: a.url + "/v1/events",
                body: Data(#"{"channel":"region","stream":"meeting/x","type":"meeting.scheduled","author":"anna","payload":{"meeting":"x","date":"2025-05-05","host":287,"place":"Kristinestad"}}"#.utf8))
            #expect(created.status == 201 && created.json["seq"]?.int64Value == 1)
            // The members beside the payload are read too: a wrong expected version is refused, and the parents
            // and schema given are stored.
            let parent = try #require(created.json["hash"]?.stringValue)
            let next = #"{"date":"2025-05-06","host":287,"meeting":"x","place":"Kristinestad"}"#
            func edit(_ expected: Int) throws -> HTTPCall.Answer {
                try HTTPCall.run(
                    method: "POST", url: a.url + "/v1/events",
                    body: Data(#"{"author":"anna","channel":"region","expectedVersion":\#(expected),"parents":["\#(parent)"],"payload":\#(next),"schema":1,"stream":"meeting/x","type":"meeting.scheduled"}"#.utf8))
            }
            #expect(try edit(0).status == 409)
            for (member, value) in [("expectedVersion", "1.5"), ("expectedVersion", #""1""#), ("schema", #""1""#)] {
                let refused = try HTTPCall.run(
                    method: "POST", url: a.url + "/v1/events",
                    body: Data(#"{"author":"anna","channel":"region","\#(member)":\#(value),"payload":\#(next),"stream":"meeting/x","type":"meeting.scheduled"}"#.utf8))
                #expect(refused.status == 400 && refused.json["field"]?.stringValue == member, "\(member): \(value)")
            }
            let edited = try edit(1)
            #expect(edited.status == 201 && edited.json["seq"]?.int64Value == 2)
            let stored = try a.get("/v1/changes?after=1&wait=0")["events"]?.arrayValue?.first
            #expect(stored?["parents"]?.arrayValue == [.string(parent)] && stored?["schema"]?.int64Value == 1)
            #expect(stored?["payload"]?["date"]?.stringValue == "2025-05-06")
            let changes = try a.get("/v1/changes?after=0&wait=0")
            #expect(changes["events"]?.arrayValue?.count == 2 && changes["last"]?.int64Value == 2)
            let view = try HTTPCall.run(method: "GET", url: a.url + "/v1/views/meetings", body: nil)
            let etag = try #require(view.json.objectValue != nil ? etagOf(view) : nil)
            #expect(view.status == 200 && String(decoding: view.body, as: UTF8.self).contains("Kristinestad"))
            let unchanged = try HTTPCall.run(
                method: "GET", url: a.url + "/v1/views/meetings", body: nil, headers: ["If-None-Match": etag])
            #expect(unchanged.status == 304)
            #expect(try HTTPCall.run(method: "GET", url: a.url + "/v1/views/nothing", body: nil).status == 404)
            let digest = try CLIProcess.run(["digest", "meetings", "--data", a.data])
            #expect(etag == "\"\(digest.stdout.trimmingCharacters(in: .whitespacesAndNewlines))\"")
            let caseFromElsewhere = try HTTPCall.run(
                method: "GET", url: a.url + "/v1/vector", body: nil, headers: ["Samverkan-Municipality": "545"])
            #expect(caseFromElsewhere.json["municipality/287"] == nil)
        }
    }
}
