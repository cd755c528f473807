import EventModel
import Foundation
import ProcessSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension ProcessTests {
    /// `samverkan demo` as a newcomer runs it: five real nodes that agree, pages that answer, a clean stop on SIGINT.
    @Suite(.serialized) struct DemoTests {
        /// The process ids whose parent is `parent`, read from /proc.
        static func children(of parent: Int32) -> [Int32] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { entry -> Int32? in
                guard let pid = Int32(entry),
                    let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { return nil }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                return fields.count > 2 && Int32(fields[1]) == parent ? pid : nil
            }
        }

        static func isAlive(_ pid: Int32) -> Bool {
            guard kill(pid, 0) == 0 else { return false }
            // A zombie has ended; only its parent has yet to collect it.
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true)
        }

        /// What the demo printed when it was ready: each node's URL, name and users, the secret, the data folder.
        struct Printed {
            struct Node {
                let url: String
                let name: String
                let userSuffix: String
            }
            let nodes: [Node]
            let secret: String
            let base: String

            init(_ text: String) throws {
                let lines = text.split(separator: "\n").map(String.init)
                nodes = lines.filter { $0.hasPrefix("  ") && $0.contains("http://127.0.0.1:") }.compactMap { line in
                    let words = line.split(separator: " ").map(String.init)
                    guard let url = words.first(where: { $0.hasPrefix("http://") }),
                        let name = words.first(where: { $0.hasSuffix("-server") }),
                        let user = words.first(where: { $0.hasPrefix("handlaggare.") })
                    else { return nil }
                    return Node(
                        url: url.trimmingCharacters(in: ["/"]), name: name,
                        userSuffix: String(user.dropFirst("handlaggare.".count).prefix { $0 != "," }))
                }
                let signIn = try #require(lines.first { $0.hasPrefix("Sign in as") }, "\(text)")
                secret = try #require(signIn.split(separator: " ").last.map(String.init))
                base = String(try #require(lines.first?.split(separator: "(data in ").last).dropLast())
            }

            func data(_ node: Node) -> String { base + "/" + node.name }
        }

        static func basic(_ user: String, _ secret: String) -> [String: String] {
            ["Authorization": "Basic " + Data("\(user):\(secret)".utf8).base64EncodedString()]
        }

        @Test(.timeLimit(.minutes(3))) func demoRunsASecuredRegionWithCasesAndStopsEveryNodeOnSIGINT() throws {
            let process = Process()
            process.executableURL = CLIProcess.executable
            process.arguments = ["demo", "--seed", "7"]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            let collector = Collector(out: out, err: err)
            try process.run()
            defer {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                for child in Self.children(of: process.processIdentifier) { kill(child, SIGKILL) }
            }
            let ready = eventually(timeout: 90) { collector.stdoutSoFar.contains("Press Ctrl-C") || !process.isRunning }
            let text = collector.stdoutSoFar
            try #require(
                ready && process.isRunning, "the demo did not start: \(text) \(collector.finish().1.suffix(800))")
            let printed = try Printed(text)
            #expect(printed.nodes.count == 5, "\(text)")
            #expect(text.contains("Regional digests agree on all five nodes") && text.contains("/cases"))
            #expect(printed.secret.count >= 10 && !text.contains("BEGIN PRIVATE KEY"))
            let hub = try #require(printed.nodes.last)
            let coordinator = Self.basic("samordnare.\(hub.userSuffix)", printed.secret)
            let caseworker = Self.basic("handlaggare.\(hub.userSuffix)", printed.secret)

            // Secured: one region on every node, unsigned peer calls and pages without a user refused.
            var regions: Set<String> = []
            var municipalities: [String: Int64] = [:]
            for node in printed.nodes {
                let health = try HTTPCall.run(method: "GET", url: "\(node.url)/v1/health", body: nil)
                regions.insert(health.json["region"]?.stringValue ?? "none")
                municipalities[node.name] = health.json["municipality"]?.int64Value
                #expect(try HTTPCall.run(method: "GET", url: "\(node.url)/v1/vector", body: nil).status == 401)
                #expect(try FormCall.run("GET", node.url + "/", headers: [:]).status == 401, "\(node.name) / unsigned")
            }
            #expect(regions.count == 1 && !regions.contains("none"), "\(regions)")
            #expect(
                try FormCall.run("GET", hub.url + "/", headers: Self.basic("samordnare.x", "wrong-secret")).status
                    == 401)

            for view in ["programme", "followup", "meetings"] {
                let digests = try Set(
                    printed.nodes.map { node in
                        let user = Self.basic("samordnare.\(node.userSuffix)", printed.secret)
                        let answer = try HTTPCall.run(
                            method: "GET", url: "\(node.url)/v1/views/\(view)", body: nil, headers: user)
                        #expect(answer.status == 200)
                        return EventHash.sha256(Array(answer.body)).hex
                    })
                #expect(digests.count == 1, "the \(view) digests differ: \(digests)")
            }
            let pages: [(String, [String])] = [
                ("/", ["Uppföljning 2025", "Synkronisering"]), ("/followup?lang=fi", ["Seuranta 2025", "Närpiö"]),
                ("/meetings?lang=en", ["2025-3", "Conflict", "Upcoming meetings"]), ("/status", ["kas-server.1"]),
                ("/programme", ["Koordinering av integration"]),
            ]
            for (path, labels) in pages {
                let answer = try FormCall.run("GET", hub.url + path, headers: coordinator)
                let body = String(decoding: answer.body, as: UTF8.self)
                #expect(answer.status == 200, "\(path)")
                for label in labels { #expect(body.contains(label), "\(path) lacks \(label)") }
            }
            // The caseworkers' pages: the caseworker sees the municipality's cases, a coordinator does not.
            let cases = try FormCall.run("GET", hub.url + "/cases", headers: caseworker)
            #expect(cases.status == 200 && String(decoding: cases.body, as: UTF8.self).contains("handlaggare."))
            #expect(try FormCall.run("GET", hub.url + "/cases", headers: coordinator).status == 403)

            // Cases on every node, in its own municipality's channel only; every municipality's counts everywhere.
            var owners: Set<String> = []
            for node in printed.nodes {
                let listed = try CLIProcess.run(
                    ["case", "list", "--data", printed.data(node), "--user", "handlaggare.\(node.userSuffix)"],
                    stdin: printed.secret + "\n")
                #expect(listed.status == 0, "\(node.name): \(listed.stderr)")
                let count = Int(listed.stderr.split(separator: " ").dropFirst().first ?? "") ?? 0
                #expect(count >= 4, "\(node.name) holds \(count) cases: \(listed.stderr)")
                let vector = try JSONParser.parse(try SecurityRegion.run(["vector", "--data", printed.data(node)]))
                let channels = Set(vector.objectValue?.keys.map { $0 } ?? [])
                #expect(channels.count == 2 && channels.contains("region"), "\(node.name): \(channels)")
                let own = try #require(channels.first { $0.hasPrefix("municipality/") })
                #expect(own == "municipality/\(municipalities[node.name] ?? 0)", "\(node.name) holds \(own)")
                owners.insert(own)
                let events = try loggedEvents(printed.data(node))
                #expect(
                    events.filter { $0.type.rawValue.hasPrefix("case.") }.allSatisfy { $0.channel.description == own })
                let published = Set(
                    events.filter { $0.type.rawValue == "cases.counts" }.map {
                        $0.stream.rawValue.split(separator: "/")[1]
                    })
                #expect(published.count == 5, "\(node.name) holds the case counts of \(published)")
                #expect(
                    !events.contains {
                        $0.type.rawValue.hasPrefix("case.") && $0.author.rawValue != "handlaggare.\(node.userSuffix)"
                    })
            }
            #expect(owners.count == 5, "each node holds another municipality's channel: \(owners)")

            let nodes = Self.children(of: process.processIdentifier)
            #expect(nodes.count == 5, "expected five serve children, found \(nodes)")
            kill(process.processIdentifier, SIGINT)
            let ended = eventually(timeout: 30) { !process.isRunning || ChildExit.isZombie(process.processIdentifier) }
            #expect(ended, "the demo did not stop on SIGINT")
            #expect(ChildExit.wait(for: process) == 0)
            for node in nodes { #expect(!Self.isAlive(node), "node process \(node) outlived the demo") }
            #expect(!FileManager.default.fileExists(atPath: printed.base), "the temporary data stayed")
            #expect(collector.finish().0.contains("demo stopped"))
        }
    }
}
