import EventModel
import Foundation
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

        @Test(.timeLimit(.minutes(2))) func demoStartsAgreesServesThePagesAndStopsEveryNodeOnSIGINT() throws {
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
            let ready = eventually(timeout: 60) { collector.stdoutSoFar.contains("Press Ctrl-C") || !process.isRunning }
            let text = collector.stdoutSoFar
            try #require(
                ready && process.isRunning, "the demo did not start: \(text) \(collector.finish().1.suffix(800))")
            let urls = text.split(separator: "\n").compactMap { line -> String? in
                guard let range = line.range(of: "http://127.0.0.1:") else { return nil }
                return String(line[range.lowerBound...].prefix { $0 != " " }).trimmingCharacters(in: ["/"])
            }
            #expect(urls.count == 5, "\(text)")
            #expect(text.contains("Regional digests agree on all five nodes") && text.contains("Demo user"))
            let directory = try #require(text.split(separator: "\n").first?.split(separator: "(data in ").last)
                .dropLast()

            for view in ["programme", "followup", "meetings"] {
                let digests = try Set(
                    urls.map { url in
                        let answer = try HTTPCall.run(method: "GET", url: "\(url)/v1/views/\(view)", body: nil)
                        #expect(answer.status == 200)
                        return EventHash.sha256(Array(answer.body)).hex
                    })
                #expect(digests.count == 1, "the \(view) digests differ: \(digests)")
            }
            let hub = try #require(urls.last)
            let pages: [(String, [String])] = [
                ("/", ["Uppföljning 2025", "Synkronisering"]), ("/followup?lang=fi", ["Seuranta 2025", "Närpiö"]),
                ("/meetings?lang=en", ["2025-3", "Conflict", "Upcoming meetings"]), ("/status", ["kas-server.1"]),
                ("/programme", ["Koordinering av integration"]),
            ]
            for (path, labels) in pages {
                let answer = try HTTPCall.run(method: "GET", url: hub + path, body: nil)
                let body = String(decoding: answer.body, as: UTF8.self)
                #expect(answer.status == 200, "\(path)")
                for label in labels { #expect(body.contains(label), "\(path) lacks \(label)") }
            }

            let nodes = Self.children(of: process.processIdentifier)
            #expect(nodes.count == 5, "expected five serve children, found \(nodes)")
            kill(process.processIdentifier, SIGINT)
            let ended = eventually(timeout: 30) { !process.isRunning }
            #expect(ended, "the demo did not stop on SIGINT")
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            for node in nodes { #expect(!Self.isAlive(node), "node process \(node) outlived the demo") }
            #expect(!FileManager.default.fileExists(atPath: String(directory)), "the temporary data stayed")
            #expect(collector.finish().0.contains("demo stopped"))
        }
    }
}
