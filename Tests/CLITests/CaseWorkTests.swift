import EventModel
import Foundation
import Privacy
import Testing

extension ProcessTests {
    /// Case work across real nodes of one municipality (a server and a laptop) and a node of another:
    /// keys travel only within the municipality, every read is logged, and erasure leaves no key and no
    /// name in any byte of any file.
    @Suite(.serialized) struct CaseWorkTests {
        static let secret = "secret-of-the-user"

        static func basic(_ user: String) -> [String: String] {
            ["Authorization": "Basic " + Data("\(user):\(secret)".utf8).base64EncodedString()]
        }

        /// Runs the CLI as `user` of a node with named users (the secret goes on standard input).
        static func cli(_ arguments: [String], user: String? = nil) throws -> String {
            try SecurityRegion.run(
                arguments + (user.map { ["--user", $0] } ?? []), stdin: user == nil ? nil : secret + "\n")
        }

        static func caseID(_ output: String) throws -> String {
            try #require(JSONParser.parse(Array(output.utf8))["case"]?.stringValue)
        }

        /// Every file under `directory` (and extra files), as bytes.
        static func allBytes(_ directories: [String], extra: [String] = []) -> [(String, [UInt8])] {
            var files = extra
            for directory in directories {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                    files.append((directory as NSString).appendingPathComponent(name))
                }
            }
            return files.compactMap { path in FileManager.default.contents(atPath: path).map { (path, Array($0)) } }
        }

        static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            !needle.isEmpty && Data(haystack).range(of: Data(needle)) != nil
        }

        @Test func aCaseOpenedOfflineIsReadableOnTheServerAndErasureLeavesNoByteBehind() throws {
            let region = try SecurityRegion(codes: [545, 231])
            let server = try region.node("nrp-server", municipality: 545)
            let laptop = try region.node("nrp-laptop", municipality: 545)
            let other = try region.node("kas-server", municipality: 231)
            let scratch = makeTemporaryDirectory("case-scratch")
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer {
                region.destroy()
                try? FileManager.default.removeItem(atPath: scratch)
            }
            try region.enrolAll()
            for (name, role) in [("bo", "caseworker"), ("admin1", "admin"), ("cia", "coordinator")] {
                try SecurityRegion.run(
                    ["user", "add", "--data", server.data, "--name", name, "--role", role, "--municipality", "545"],
                    stdin: Self.secret + "\n")
            }
            // Offline: the laptop (no named users: its operator) and the server each open a case.
            let laptopCanary = "CANARY-Laptop-Amina-Yusuf"
            let serverCanary = "CANARY-Server-Omar-Haddad"
            let laptopCase = try Self.caseID(
                try Self.cli([
                    "case", "open", "--data", laptop.data, "--grounds", "own_request", "--name", laptopCanary,
                    "--on", "2025-02-03", "--note", "\(laptopCanary) bor hos sin kusin",
                ]))
            let serverCase = try Self.caseID(
                try Self.cli(
                    [
                        "case", "open", "--data", server.data, "--grounds", "social_assistance", "--name", serverCanary,
                        "--on", "2025-01-15", "--caseworker", "bo",
                    ], user: "bo"))
            _ = try Self.cli(
                ["case", "step", "referral", "--data", laptop.data, "--case", laptopCase, "--to", "language_training"])
            // A coordinator of the same municipality cannot use the case commands.
            #expect(throws: (any Error).self) {
                try Self.cli(["case", "list", "--data", server.data], user: "cia")
            }
            try server.start()
            try other.start(peers: [server.url])
            try laptop.start(peers: [server.url])
            defer {
                laptop.stop()
                other.stop()
                server.stop()
            }
            let id = String(laptopCase.dropFirst("case/".count))
            var seenOnServer: JSONValue = .null
            let readable = eventually(timeout: 60) {
                let answer = try? HTTPCall.run(
                    method: "GET", url: server.url + "/v1/cases/\(id)?purpose=sync-check", body: nil, headers: Self.basic("bo"))
                seenOnServer = answer?.json ?? .null
                return answer?.status == 200 && seenOnServer["person"]?["name"]?.stringValue == laptopCanary
            }
            #expect(readable, "the laptop's case and its key reach the server: \(seenOnServer)")
            #expect(seenOnServer["steps"]?.arrayValue?.count == 2)
            let onLaptop = eventually(timeout: 60) {
                let shown = try? Self.cli(["case", "show", "--data", laptop.data, "--case", serverCase, "--purpose", "check"])
                return shown?.contains(serverCanary) == true
            }
            #expect(onLaptop, "the server's case and its key reach the laptop")
            let caseDigestsAgree = eventually(timeout: 30) {
                let digests = [server, laptop].map { try? Self.cli(["digest", "cases", "--data", $0.data]) }
                return digests[0] != nil && digests[0] == digests[1]
            }
            #expect(caseDigestsAgree, "the municipality's case view is the same on its two nodes")
            // Coordinators read no cases, through the API either.
            for path in ["/v1/cases", "/v1/cases/\(id)?purpose=x"] {
                let refused = try HTTPCall.run(method: "GET", url: server.url + path, body: nil, headers: Self.basic("cia"))
                #expect(refused.status == 403, "\(path) for a coordinator")
            }
            let list = try HTTPCall.run(method: "GET", url: server.url + "/v1/cases?asOf=2025-06-01&mine=0", body: nil, headers: Self.basic("bo"))
            #expect(list.status == 200 && list.json["cases"]?.arrayValue?.count == 2)
            #expect(!String(decoding: list.body, as: UTF8.self).contains("CANARY"), "the due list holds no personal data")
            // Every way of reading is logged: API above, CLI and export now.
            _ = try Self.cli(["case", "show", "--data", server.data, "--case", laptopCase, "--purpose", "uppföljning"], user: "bo")
            _ = try Self.cli(
                ["case", "export", "--data", server.data, "--format", "csv", "--purpose", "Koto-AJ test", "--out", scratch + "/before.csv"],
                user: "bo")
            let access = try Self.cli(["case", "access", "--data", server.data, "--case", laptopCase], user: "admin1")
            for via in ["api", "cli", "export"] { #expect(access.contains("\"via\":\"\(via)\""), "access log: \(via)") }
            #expect(access.contains("\"user\":\"bo\"") && access.contains("uppföljning"))
            #expect(throws: (any Error).self) {
                try Self.cli(["case", "access", "--data", server.data], user: "bo")
            }
            // Keep a key-store backup from before the erasure, and the keys' bytes to search for later.
            _ = try Self.cli(
                ["backup", "--data", server.data, "--to", scratch + "/log.bak", "--keys-to", scratch + "/keys.bak"])
            var keyBytes: [[UInt8]] = []
            for node in [server, laptop] {
                let store = try KeyStore(directory: node.data)
                for subject in [laptopCase, serverCase] {
                    keyBytes.append(try #require(try store.key(subject: subject)).bytes)
                }
                store.close()
            }
            // Erase each case from the other node than the one that opened it.
            _ = try Self.cli(["case", "erase", "--data", server.data, "--case", laptopCase], user: "bo")
            _ = try Self.cli(["case", "erase", "--data", laptop.data, "--case", serverCase])
            let destroyed = eventually(timeout: 60) {
                [server, laptop].allSatisfy { node in
                    guard let store = try? KeyStore(directory: node.data) else { return false }
                    defer { store.close() }
                    return (try? store.subjects()) == []
                }
            }
            #expect(destroyed, "every node of the municipality destroys both keys")
            laptop.stop()
            other.stop()
            server.stop()
            for (node, user) in [(server, "bo"), (laptop, nil)] as [(SecureNode, String?)] {
                let out = scratch + "/after-\(node.name).json"
                _ = try Self.cli(
                    ["case", "export", "--data", node.data, "--format", "json", "--purpose", "after", "--out", out], user: user)
                let shown = try Self.cli(["case", "show", "--data", node.data, "--case", laptopCase, "--purpose", "after"], user: user)
                #expect(!shown.contains("CANARY") && shown.contains("\"erased\":true"))
            }
            // The older key store comes back without the erased keys.
            let restored = try Self.cli(["case", "restore-keys", "--data", server.data, "--from", scratch + "/keys.bak"], user: "bo")
            #expect(restored.contains("\"keys\":0"), "restore-keys purges against the erasures: \(restored)")
            let exports = [scratch + "/after-nrp-server.json", scratch + "/after-nrp-laptop.json"]
            for (path, bytes) in Self.allBytes([server.data, laptop.data, other.data], extra: exports) {
                for canary in [laptopCanary, serverCanary, "Amina", "Haddad"] {
                    #expect(!Self.contains(bytes, Array(canary.utf8)), "\(canary) in \(path)")
                }
                for key in keyBytes {
                    #expect(!Self.contains(bytes, key), "a destroyed key's bytes in \(path)")
                    #expect(!Self.contains(bytes, Array(key.map { String(format: "%02x", $0) }.joined().utf8)), "a destroyed key in hex in \(path)")
                }
            }
            // The other municipality never held a case event or a key of Närpes.
            let otherLog = try SecurityRegion.run(["log", "--data", other.data, "--json"])
            #expect(!otherLog.contains("municipality/545") && !otherLog.contains("case/"))
            let otherKeys = try KeyStore(directory: other.data)
            #expect(try otherKeys.subjects().isEmpty && otherKeys.erasedSubjects().isEmpty)
            otherKeys.close()
        }

        /// Opens `count` cases on `node` in 2025, each with an assessment started, the first `plans` with a plan signed.
        static func writeCases(_ node: SecureNode, count: Int, plans: Int, canary: String) throws {
            for index in 1...count {
                let id = try caseID(
                    try cli([
                        "case", "open", "--data", node.data, "--grounds", "unemployed_jobseeker",
                        "--name", "\(canary)-\(index)", "--on", "2025-0\(index)-02",
                    ]))
                _ = try cli([
                    "case", "step", "assessment-started", "--data", node.data, "--case", id, "--by", "municipality",
                    "--on", "2025-0\(index)-09",
                ])
                if index <= plans {
                    _ = try cli(["case", "step", "plan-signed", "--data", node.data, "--case", id, "--on", "2025-0\(index)-20"])
                }
            }
        }

        @Test func derivedCountsReachAnotherMunicipalitySuppressedAndWithoutPersons() throws {
            let region = try SecurityRegion(codes: [545, 231])
            let narpes = try region.node("nrp-server", municipality: 545)
            let kasko = try region.node("kas-server", municipality: 231)
            defer { region.destroy() }
            try region.enrolAll()
            _ = try Self.cli(["programme", "import", "--data", narpes.data])
            try Self.writeCases(narpes, count: 6, plans: 3, canary: "CANARY-Count-Narpes")
            try Self.writeCases(kasko, count: 5, plans: 5, canary: "CANARY-Count-Kasko")
            for node in [narpes, kasko] {
                let published = try Self.cli(["case", "publish", "--data", node.data, "--as-of", "2026-01-15"])
                #expect(published.contains("\"period\":\"2025\""), "\(node.name) publishes the completed year")
                let again = try Self.cli(["case", "publish", "--data", node.data, "--as-of", "2026-01-15"])
                #expect(again.isEmpty, "publishing the same counts twice appends nothing")
            }
            try SecurityRegion.run(
                ["user", "add", "--data", kasko.data, "--name", "cia", "--role", "coordinator", "--municipality", "231"],
                stdin: Self.secret + "\n")
            try narpes.start()
            try kasko.start(peers: [narpes.url])
            defer {
                kasko.stop()
                narpes.stop()
            }
            var view: JSONValue = .null
            var body = ""
            let arrived = eventually(timeout: 60) {
                guard let answer = try? HTTPCall.run(
                    method: "GET", url: kasko.url + "/v1/views/followup", body: nil, headers: Self.basic("cia"))
                else { return false }
                view = answer.json
                body = String(decoding: answer.body, as: UTF8.self)
                return body.contains("545/2025") && body.contains("integration-plans")
            }
            #expect(arrived, "Närpes's counts reach Kaskö's regional view")
            #expect(body.contains("\"plansMade\":\"<5\""), "3 plans travel as <5: \(body.prefix(400))")
            #expect(body.contains("\"assessmentsStarted\":\"6\""), "6 assessments travel exact")
            #expect(!body.contains("\"plansMade\":\"3\""), "no exact small count")
            #expect(!body.contains("CANARY") && !body.contains("case/"), "no person and no case id in the regional view")
            #expect(view["caseCounts"] != nil)
            // The regional total of plans includes a suppressed cell, so it is a range: 5 + (1…4).
            let page = try HTTPCall.run(
                method: "GET", url: kasko.url + "/followup?year=2025", body: nil, headers: Self.basic("cia"))
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(page.status == 200 && html.contains("&lt;5"), "the page shows the suppressed cell")
            #expect(html.contains("6–9"), "the regional total is a range, never exact")
            #expect(!html.contains("CANARY"))
        }

        @Test func theRetentionJobErasesWhatTheConfigurationSaysAndNothingElse() throws {
            let data = makeTemporaryDirectory("case-retention")
            defer { try? FileManager.default.removeItem(atPath: data) }
            try SecurityRegion.run(["init", "--data", data, "--node", "nrp-server", "--municipality", "545"])
            let closed = try Self.caseID(
                try Self.cli(["case", "open", "--data", data, "--grounds", "other", "--name", "Gammal", "--on", "2023-05-02"]))
            _ = try Self.cli(["case", "step", "closed", "--data", data, "--case", closed, "--on", "2024-01-10"])
            let open = try Self.caseID(
                try Self.cli(["case", "open", "--data", data, "--grounds", "other", "--name", "Pågående", "--on", "2024-02-01"]))
            #expect(throws: (any Error).self, "no retention configured: refused, nothing erased") {
                try Self.cli(["case", "retention", "--data", data, "--as-of", "2025-03-01"])
            }
            try #"{"cases": {"retainClosedMonths": 12, "retainInactiveMonths": 24}}"#.write(
                toFile: data + "/samverkan.json", atomically: true, encoding: .utf8)
            let dry = try Self.cli(["case", "retention", "--data", data, "--as-of", "2025-03-01", "--dry-run"])
            #expect(dry.contains(closed) && !dry.contains(open))
            let erased = try Self.cli(["case", "retention", "--data", data, "--as-of", "2025-03-01"])
            #expect(erased.contains(closed) && erased.contains("case.erased") && !erased.contains(open))
            let store = try KeyStore(directory: data)
            #expect(try store.subjects() == [open] && store.erasedSubjects() == [closed])
            store.close()
            let again = try Self.cli(["case", "retention", "--data", data, "--as-of", "2025-03-01"])
            #expect(again.isEmpty, "an erased case is not erased twice")
            // Two years without a step: the open case goes too.
            let later = try Self.cli(["case", "retention", "--data", data, "--as-of", "2026-02-01"])
            #expect(later.contains(open))
        }
    }
}
