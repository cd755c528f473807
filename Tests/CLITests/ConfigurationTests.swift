import EventModel
import Foundation
import Testing

extension ProcessTests {
    /// The node's one configuration file and its overrides.
    @Suite(.serialized) struct ConfigurationTests {
        @Test func configShowTellsWhereEachValueCameFrom() throws {
            let node = try NodeProcess(name: "kor-server", municipality: 280)
            defer { node.destroy() }
            try #"{"logLevel": "warn", "http": {"maxConnections": 64}, "peers": ["http://127.0.0.1:7301"]}"#
                .write(toFile: node.data + "/samverkan.json", atomically: true, encoding: .utf8)
            let shown = try CLIProcess.run(["config", "show", "--data", node.data, "--listen", "127.0.0.1:0"])
            #expect(shown.status == 0, "\(shown.stderr)")
            let effective = try JSONParser.parse(shown.stdout)
            #expect(effective["logLevel"]?["value"]?.stringValue == "warn")
            #expect(effective["logLevel"]?["source"]?.stringValue == "file")
            #expect(effective["http.maxConnections"]?["value"]?.int64Value == 64)
            #expect(effective["listen"]?["source"]?.stringValue == "flag")
            #expect(effective["sync.pageEvents"]?["source"]?.stringValue == "default")
            // The node runs with it: at warn, no request lines are logged.
            try node.start()
            _ = try node.get("/v1/health")
            node.stop()
        }

        @Test(arguments: [
            ("{\n  \"listen\": \"127.0.0.1:7300\",\n  \"http\": {\n    \"maxConnections\": -5\n  }\n}", 4, "maxConnections"),
            ("{\n  \"listen\": \"127.0.0.1:7300\",\n  \"colour\": \"red\"\n}", 3, "unknown setting 'colour'"),
            ("{\n  \"peers\": [\"ftp://x\"]\n}", 2, "http:// URL"),
            ("{\n  \"listen\": \"127.0.0.1:7300\"\n  \"peers\": []\n}", 3, "expected ',' or '}'"),
        ])
        func anInvalidFileIsRefusedWithTheLineAndTheReason(text: String, line: Int, reason: String) throws {
            let node = try NodeProcess(name: "kor-server", municipality: 280)
            defer { node.destroy() }
            try text.write(toFile: node.data + "/samverkan.json", atomically: true, encoding: .utf8)
            let serve = try CLIProcess.run(["serve", "--data", node.data, "--listen", "127.0.0.1:0"], timeout: 20)
            #expect(serve.status == 3)
            #expect(serve.stderr.contains("samverkan.json, line \(line): "), "\(serve.stderr)")
            #expect(serve.stderr.contains(reason), "\(serve.stderr)")
        }
    }
}
