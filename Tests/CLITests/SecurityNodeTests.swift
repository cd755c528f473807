import EventModel
import Foundation
import Security
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension ProcessTests {
    /// Secured nodes (region genesis, enrolled node keys) as real `samverkan serve` processes.
    @Suite(.serialized) struct SecurityNodeTests {
        static let meeting: JSONValue = [
            "meeting": "m-1", "date": "2025-03-12", "host": 287, "place": "Stadshuset",
        ]

        @Test func securedNodesReplicateThroughARelayAndRefuseWhatIsNotSigned() throws {
            let region = try SecurityRegion(codes: [287, 545, 475])
            defer { region.destroy() }
            let a = try region.node("krs-server", municipality: 287)
            let b = try region.node("nrp-server", municipality: 545)
            let c = try region.node("mlx-server", municipality: 475)
            try region.enrolAll()
            let id = try region.genesis.id
            try a.start()
            try b.start(peers: [a.url])
            try c.start(peers: [b.url])
            try a.append(count: 10, meeting: "from-a")
            try c.append(count: 5, meeting: "from-c")
            // Case data of Kristinestad stays there.
            try SecurityRegion.run([
                "append", "--data", a.data, "--channel", "municipality/287", "--stream", "case/c1", "--type",
                "case.opened", "--payload", #"{"on":"2025-03-01","grounds":"other","caseworker":"canary-287"}"#,
            ])
            let converged = try eventually {
                try [a, b, c].allSatisfy { try $0.regionSeq(of: a.origin) == 13 && $0.regionSeq(of: c.origin) == 8 }
            }
            #expect(converged)
            #expect(try b.vector()[ChainKey(channel: .municipality(MunicipalityCode(287)!), origin: Origin(a.origin)!)].seq == 0)

            // Unsigned: 401 with a reason and no data, whatever municipality the caller names.
            let unsigned = try HTTPCall.run(
                method: "GET", url: a.url + "/v1/vector", body: nil, headers: ["Samverkan-Municipality": "287"])
            #expect(unsigned.status == 401)
            #expect(unsigned.json.objectValue.map { Set($0.keys) } == ["error"])
            #expect(unsigned.json["error"]?.stringValue?.contains("must be signed") == true)
            let unsignedPull = try HTTPCall.run(
                method: "POST", url: a.url + "/v1/pull", body: Data(#"{"vector":{}}"#.utf8))
            #expect(unsignedPull.status == 401)
            #expect(try HTTPCall.run(method: "GET", url: a.url + "/v1/health", body: nil).json["region"]?.stringValue == id.hex)

            // A clock four hours off: refused, saying how far.
            let skewed = try b.call("GET", "/v1/vector", to: a, skewMillis: 4 * 3_600_000 + 5 * 60_000 + 30_000, region: id)
            #expect(skewed.status == 401)
            let clockMessage = skewed.json["error"]?.stringValue ?? ""
            #expect(clockMessage.contains("clock is 4 h 5 min") && clockMessage.contains("ahead"), "\(clockMessage)")

            // A replayed request: the same signature twice.
            let signature = RequestSignature.sign(
                method: "GET", path: "/v1/vector", body: [], origin: Origin(b.origin)!, region: id, key: try b.key,
                nowMillis: Int64(Date().timeIntervalSince1970 * 1000))
            let first = try HTTPCall.run(
                method: "GET", url: a.url + "/v1/vector", body: nil, headers: ["Samverkan-Signature": signature.headerValue])
            let replay = try HTTPCall.run(
                method: "GET", url: a.url + "/v1/vector", body: nil, headers: ["Samverkan-Signature": signature.headerValue])
            #expect(first.status == 200 && first.json["region"] != nil && first.json["municipality/287"] == nil)
            #expect(replay.status == 401 && replay.json["error"]?.stringValue?.contains("replayed") == true)

            // An enrolled node of another municipality asking for Kristinestad's cases: 403, no event data.
            let askCases: JSONValue = ["vector": [:], "channels": ["municipality/287"]]
            let forbidden = try c.call("POST", "/v1/pull", to: a, body: askCases, region: id)
            #expect(forbidden.status == 403)
            #expect(forbidden.json.objectValue.map { Set($0.keys) } == ["error"])
            #expect(!String(decoding: forbidden.body, as: UTF8.self).contains("canary"))
            let regional = try c.call("POST", "/v1/pull", to: a, body: ["vector": [:]], region: id)
            #expect(regional.status == 200 && (regional.json["events"]?.arrayValue?.count ?? 0) > 0)
            #expect(!String(decoding: regional.body, as: UTF8.self).contains("canary"))
            #expect((regional.json["heads"]?.arrayValue?.count ?? 0) > 0)
            let pushCases: JSONValue = ["events": [["channel": "municipality/287", "origin": .string(c.origin)]]]
            #expect(try c.call("POST", "/v1/push", to: a, body: pushCases, region: id).status == 403)

            // An open-mode node is not served by a secured one.
            let open = try NodeProcess(name: "kor-server", municipality: 280)
            defer { open.destroy() }
            try open.start(peers: [a.url])
            let refusedOpen = try eventually(timeout: 10) {
                (try open.get("/v1/status"))["peers"]?.arrayValue?.first?["lastError"]?.stringValue?.contains("401") == true
            }
            #expect(refusedOpen)
            a.stop()
            #expect(a.stderrLog.contains(#""msg":"request refused""#))
            #expect(a.stderrLog.contains("must be signed"))
            #expect(!a.stderrLog.contains("canary"))
        }

        @Test func aRelayThatAltersOrForgesEventsIsRefused() throws {
            let region = try SecurityRegion(codes: [287, 545, 475])
            defer { region.destroy() }
            let a = try region.node("krs-server", municipality: 287)
            let b = try region.node("nrp-server", municipality: 545)
            let c = try region.node("mlx-server", municipality: 475)
            try region.enrolAll()
            let id = try region.genesis.id
            try a.start()
            try c.start()
            try a.append(count: 5, meeting: "from-a")
            // The relay b fetches a's chain with its own valid signature…
            let pulled = try b.call("POST", "/v1/pull", to: a, body: ["vector": [:], "channels": ["region"]], region: id)
            #expect(pulled.status == 200)
            let wire = try #require(pulled.json["events"]?.arrayValue).filter {
                $0["origin"]?.stringValue == a.origin
            }
            let heads = try #require(pulled.json["heads"]?.arrayValue).filter { $0["origin"]?.stringValue == a.origin }
            #expect(wire.count == 8 && !heads.isEmpty)

            // …forges an event in a's name (a valid hash, a head signed with b's own key)…
            let original = try Event(wire: wire[0])
            let forged = Event(
                channel: original.channel, origin: original.origin, seq: 1, previous: original.previous,
                hlc: original.hlc, municipality: original.municipality, stream: original.stream, type: original.type,
                schemaVersion: original.schemaVersion, author: original.author, parents: [],
                payload: ["note": "forged by the relay"])
            let forgedHead = SignedHead.sign(
                ChainHead(seq: 1, hash: forged.hash), of: ChainKey(channel: .region, origin: original.origin), region: id,
                key: try b.key)
            let forgedPush = try b.call(
                "POST", "/v1/push", to: c, body: ["events": [forged.wireObject], "heads": [forgedHead.jsonValue]],
                region: id)
            #expect(forgedPush.status == 200)
            #expect(forgedPush.json["outcomes"]?.arrayValue?.first?["kind"]?.stringValue == "refused")
            #expect(forgedPush.json["outcomes"]?.arrayValue?.first?["reason"]?.stringValue?.contains("bad signature") == true)
            #expect(try stopReason(of: a.origin, at: c, asking: b, region: id)?.contains("bad signature") == true)

            // …and alters the payload of a's fifth event, keeping a's genuine heads.
            var altered = wire
            let fifth = try #require(altered[4].objectValue)
            var payload = try #require(fifth["payload"]?.objectValue)
            payload["place"] = "Somewhere else"
            altered[4] = .object(fifth.merging(["payload": .object(payload)]) { _, new in new })
            let alteredPush = try b.call(
                "POST", "/v1/push", to: c, body: ["events": .array(altered), "heads": .array(heads)], region: id)
            #expect(alteredPush.status == 200)
            let outcomes = alteredPush.json["outcomes"]?.arrayValue ?? []
            #expect(outcomes.count == 8 && outcomes.allSatisfy { $0["kind"]?.stringValue == "refused" })
            #expect(outcomes[4]["reason"]?.stringValue?.contains("altered payload") == true)
            #expect(try c.regionSeq(of: a.origin) == 0)
            let reason = try stopReason(of: a.origin, at: c, asking: b, region: id) ?? ""
            #expect(reason.contains("refused from seq 5") && reason.contains("altered payload"), "\(reason)")

            // The genuine events with their heads, relayed by the same node, are accepted.
            let honest = try b.call(
                "POST", "/v1/push", to: c, body: ["events": .array(wire), "heads": .array(heads)], region: id)
            #expect(honest.json["outcomes"]?.arrayValue?.allSatisfy { $0["kind"]?.stringValue == "appended" } == true)
            #expect(try c.regionSeq(of: a.origin) == 8)
            #expect(try stopReason(of: a.origin, at: c, asking: b, region: id) == nil)
            c.stop()
            #expect(c.stderrLog.contains(#""msg":"chain refused""#))
            #expect(!c.stderrLog.contains("Somewhere else"))
        }

        @Test func aRevokedNodesNewEventsAreRefusedEverywhere() throws {
            let region = try SecurityRegion(codes: [287, 545, 475])
            defer { region.destroy() }
            let a = try region.node("krs-server", municipality: 287)
            let b = try region.node("nrp-server", municipality: 545)
            let c = try region.node("mlx-server", municipality: 475)
            let laptop = try region.node("krs-laptop", municipality: 287)
            try region.enrolAll()
            let id = try region.genesis.id
            try a.start()
            try b.start(peers: [a.url])
            try c.start(peers: [b.url])
            try laptop.start(peers: [a.url])
            try laptop.append(count: 3, meeting: "laptop")
            #expect(try eventually { try [a, b, c].allSatisfy { try $0.regionSeq(of: laptop.origin) == 7 } })

            // The municipality's root revokes the laptop, keeping its chain up to seq 7; appended on a only,
            // c learns it through the relay b.
            let revocation = try SecurityRegion.run([
                "revoke", "--genesis", region.genesisPath, "--root-key", region.rootKey(287), "--origin", laptop.origin,
                "--municipality", "287", "--through", "region=7",
            ])
            try SecurityRegion.run(
                [
                    "append", "--data", a.data, "--channel", "region", "--stream", "trust/\(laptop.origin)", "--type",
                    "trust.node_revoked",
                ], stdin: revocation)
            #expect(try eventually { try c.regionSeq(of: a.origin) == 5 })

            try laptop.append(count: 2, meeting: "after-revocation")
            // Its own requests are refused at once.
            let own = try laptop.call("GET", "/v1/vector", to: a, region: id)
            #expect(own.status == 401 && own.json["error"]?.stringValue?.contains("revoked") == true)
            // Its new events, carried by honest relays with its genuine heads, are refused on every node.
            let pulled = try a.call("POST", "/v1/pull", to: laptop, body: ["vector": [:], "channels": ["region"]], region: id)
            let events = (pulled.json["events"]?.arrayValue ?? []).filter { $0["origin"]?.stringValue == laptop.origin }
            let heads = (pulled.json["heads"]?.arrayValue ?? []).filter { $0["origin"]?.stringValue == laptop.origin }
            #expect(events.count == 9 && heads.contains { $0["seq"]?.int64Value == 9 })
            for (target, relay) in [(a, b), (b, c), (c, b)] {
                let push = try relay.call(
                    "POST", "/v1/push", to: target, body: ["events": .array(events), "heads": .array(heads)], region: id)
                let outcomes = push.json["outcomes"]?.arrayValue ?? []
                #expect(outcomes.count == 9)
                #expect(outcomes.prefix(7).allSatisfy { $0["kind"]?.stringValue == "duplicate" })
                #expect(outcomes.suffix(2).allSatisfy {
                    $0["kind"]?.stringValue == "refused" && $0["reason"]?.stringValue?.contains("revoked") == true
                })
                #expect(try target.regionSeq(of: laptop.origin) == 7)
                let reason = try stopReason(of: laptop.origin, at: target, asking: relay, region: id) ?? ""
                #expect(reason.contains("is revoked in region after seq 7"), "\(reason)")
            }
        }

        @Test func theLocalAPINeedsASignedInUserWithTheRightRole() throws {
            let region = try SecurityRegion(codes: [287])
            defer { region.destroy() }
            let a = try region.node("krs-server", municipality: 287)
            try region.enrolAll()
            for (name, role) in [("cw.anna", "caseworker"), ("co.bo", "coordinator")] {
                try SecurityRegion.run(
                    ["user", "add", "--data", a.data, "--name", name, "--role", role, "--municipality", "287"],
                    stdin: "secret-of-\(name)\n")
            }
            try a.start()
            func post(_ body: JSONValue, user: String?, secret: String? = nil) throws -> HTTPCall.Answer {
                var headers: [String: String] = [:]
                if let user {
                    let credentials = Data("\(user):\(secret ?? "secret-of-\(user)")".utf8).base64EncodedString()
                    headers["Authorization"] = "Basic \(credentials)"
                }
                return try HTTPCall.run(
                    method: "POST", url: a.url + "/v1/events", body: Data(CanonicalJSON.encode(body)), headers: headers)
            }
            let meeting: JSONValue = [
                "channel": "region", "stream": "meeting/m-1", "type": "meeting.scheduled", "author": "someone.else",
                "payload": Self.meeting,
            ]
            let anonymous = try post(meeting, user: nil)
            #expect(anonymous.status == 401 && anonymous.json["error"]?.stringValue?.contains("sign in") == true)
            #expect(try post(meeting, user: "co.bo", secret: "wrong-secret-1").status == 401)
            let programme: JSONValue = [
                "channel": "region", "stream": "programme/p", "type": "programme.area", "payload": ["area": "x"],
            ]
            let caseworker = try post(programme, user: "cw.anna")
            #expect(caseworker.status == 403)
            #expect(caseworker.json["error"]?.stringValue?.contains("caseworker may not write regional events") == true)
            let coordinator = try post(meeting, user: "co.bo")
            #expect(coordinator.status == 201, "\(coordinator.json)")
            let logged = try SecurityRegion.run(["log", "--data", a.data, "--json"]).split(separator: "\n")
            let last = try Event(wireJSON: Array(try #require(logged.last).utf8))
            #expect(last.author.description == "co.bo" && last.type.rawValue == "meeting.scheduled")
            #expect(try HTTPCall.run(method: "GET", url: a.url + "/v1/views/meetings", body: nil).status == 401)
            let credentials = Data("co.bo:secret-of-co.bo".utf8).base64EncodedString()
            let view = try HTTPCall.run(
                method: "GET", url: a.url + "/v1/views/meetings", body: nil,
                headers: ["Authorization": "Basic \(credentials)"])
            #expect(view.status == 200)
            a.stop()
            #expect(!a.stderrLog.contains("secret-of"))
            #expect(a.stderrLog.contains("caseworker may not write regional events"))
        }

        @Test func aNodeKeyOthersCanReadKeepsTheNodeFromStarting() throws {
            let region = try SecurityRegion(codes: [287])
            defer { region.destroy() }
            let a = try region.node("krs-server", municipality: 287)
            #expect(chmod(a.data + "/node.key", 0o644) == 0)
            let refused = try CLIProcess.run(["serve", "--data", a.data, "--listen", "127.0.0.1:0"], timeout: 20)
            #expect(refused.status == 4)
            #expect(refused.stderr.contains("can be read by others"), "\(refused.stderr)")
            // Without a genesis the node runs in open mode, and says so.
            let open = SecureNode(name: "kas-server", municipality: 231)
            defer { open.destroy() }
            try SecurityRegion.run(["init", "--data", open.data, "--node", "kas-server", "--municipality", "231"])
            try open.start()
            open.stop()
            #expect(open.stderrLog.contains(#""level":"warn","msg":"open mode"#))
        }

        /// The reason a node shows in `/v1/status` for a stopped chain of `origin`, asked with a signed request.
        func stopReason(of origin: String, at node: SecureNode, asking caller: SecureNode, region: RegionID) throws
            -> String?
        {
            let status = try caller.call("GET", "/v1/status", to: node, region: region)
            return status.json["stoppedChains"]?.arrayValue?.first { $0["origin"]?.stringValue == origin }?["reason"]?
                .stringValue
        }
    }
}

extension ProcessTests.SecurityNodeTests {
    @Test func aForkProvenByTwoSignedHeadsQuarantinesTheOriginOnEveryNode() throws {
        let region = try SecurityRegion(codes: [287, 545, 475])
        let a = try region.node("krs-server", municipality: 287)
        let b = try region.node("nrp-server", municipality: 545)
        let c = try region.node("mlx-server", municipality: 475)
        // A careless copy of a's directory: same origin, same key, as a restore without a new incarnation.
        let clone = SecureNode(name: "krs-server", municipality: 287)
        defer {
            clone.destroy()
            region.destroy()
        }
        try region.enrolAll()
        try? FileManager.default.removeItem(atPath: clone.data)
        try FileManager.default.copyItem(atPath: a.data, toPath: clone.data)
        try a.append(count: 1, meeting: "genuine")
        try clone.append(count: 1, meeting: "forged")
        // c learns a's version of seq 4, b the clone's; each with the head signed for seq 4.
        try c.start()
        try a.start(peers: [c.url])
        #expect(eventually(timeout: 30) { ((try? c.regionSeq(of: "krs-server.1")) ?? 0) == 4 })
        try b.start()
        try clone.start(peers: [b.url])
        #expect(eventually(timeout: 30) { ((try? b.regionSeq(of: "krs-server.1")) ?? 0) == 4 })
        clone.stop()
        // When b and c meet, c's head for seq 4 meets b's: two heads of one origin that disagree.
        b.stop()
        try b.start(peers: [c.url])
        let proven = eventually(timeout: 60) {
            [b, c].allSatisfy { node in
                ((try? SecurityRegion.run(["log", "--data", node.data, "--type", "trust.fork_proven"])) ?? "")
                    .contains("trust/krs-server.1")
            }
        }
        #expect(proven, "the fork proof reaches both nodes")
        // Quarantined everywhere, a itself included: it must go on as a new incarnation.
        #expect(eventually(timeout: 30) {
            let refused = try? CLIProcess.run([
                "append", "--data", a.data, "--channel", "region", "--stream", "meeting/after", "--type",
                "meeting.scheduled", "--payload", #"{"meeting":"after","date":"2025-03-12","host":287,"place":"X"}"#,
            ])
            return refused.map { $0.status == 4 && $0.stderr.contains("new incarnation") } ?? false
        })
        #expect(try c.regionSeq(of: "krs-server.1") == 4)
        let digests = try [b, c].map { try SecurityRegion.run(["digest", "meetings", "--data", $0.data]) }
        #expect(digests[0] == digests[1], "b and c hold different versions of seq 4, and both leave it out")
    }
}

extension ProcessTests.SecurityNodeTests {
    @Test func aNodeOfAnotherRegionIsRefusedBothWays() throws {
        let ours = try SecurityRegion(codes: [287, 545])
        let theirs = try SecurityRegion(codes: [287, 545])
        defer {
            ours.destroy()
            theirs.destroy()
        }
        let a = try ours.node("krs-server", municipality: 287)
        let b = try ours.node("nrp-server", municipality: 545)
        let stranger = try theirs.node("nrp-server", municipality: 545)
        try ours.enrolAll()
        try theirs.enrolAll()
        #expect(try ours.genesis.id != theirs.genesis.id)
        try a.start()
        try a.append(count: 3, meeting: "ours")
        try stranger.start(peers: [a.url])
        try b.start(peers: [a.url])
        #expect(eventually(timeout: 30) { ((try? b.regionSeq(of: a.origin)) ?? 0) == 5 })
        usleep(2_000_000)
        #expect(try stranger.regionSeq(of: a.origin) == 0, "a node of another region gets nothing")
        let asked = try stranger.call("GET", "/v1/vector", to: a, region: try theirs.genesis.id)
        #expect(asked.status == 401 && asked.json["region"] == nil && String(decoding: asked.body, as: UTF8.self).contains("region"))
    }
}
