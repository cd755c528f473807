import EventModel
import Foundation
import HTTP
@testable import Node
@testable import Replication
import Synchronization
import Testing

extension ProcessTests {
    /// Stopping a peer loop while the pages it asked for ahead are still on their way: a real node's API behind a
    /// gate that holds every pull after the first, and a real target node pulling through it one event a page.
    @Suite(.serialized) struct PeerStopTests {
        @Test func aLoopStoppedWhileItsPagesAskedAheadAreLateEndsWithoutAskingAgain() throws {
            let sourceData = makeTemporaryDirectory("stop-source")
            let targetData = makeTemporaryDirectory("stop-target")
            defer {
                try? FileManager.default.removeItem(atPath: sourceData)
                try? FileManager.default.removeItem(atPath: targetData)
            }
            try Self.run(["init", "--data", sourceData, "--node", "krs-server", "--municipality", "287"])
            try Self.run(["init", "--data", targetData, "--node", "nrp-server", "--municipality", "545"])
            for number in 1...3 {
                try Self.run([
                    "append", "--data", sourceData, "--channel", "region", "--stream", "meeting/m-\(number)", "--type",
                    "meeting.scheduled", "--payload",
                    #"{"meeting":"m-\#(number)","date":"2025-03-12","host":287,"place":"Stadshuset"}"#,
                ])
            }
            let source = try NodeRuntime(directory: sourceData, settings: Self.settings(peers: []))
            let gate = PullGate(inner: NodeAPI(node: source.parts))
            let server = HTTPServer(configuration: HTTPServer.Configuration(logSink: nil), responder: gate)
            try server.start()
            var settings = Self.settings(peers: ["http://127.0.0.1:\(server.boundPort)"])
            settings.sync.pageEvents = 1
            let target = try NodeRuntime(directory: targetData, settings: settings)
            defer {
                gate.open()
                target.shutdown(graceSeconds: 1)
                server.shutdown(graceSeconds: 1)
                source.shutdown(graceSeconds: 1)
            }
            _ = try target.start()
            let peer = try #require(target.parts.peers.first)
            // The first page is stored; the page after it is held at the gate, asked for ahead.
            #expect(eventually(timeout: 20) { gate.pulls >= 2 && peer.status.pulled == 1 })

            peer.stop(timeoutSeconds: 10)
            #expect(peer.finished.wait(timeout: .now()) == .success, "the loops must have ended when stop returns")
            #expect(gate.pulls == 2, "a stopped loop asked the peer again")
        }

        static func settings(peers: [String]) -> NodeRuntime.Settings {
            var settings = NodeRuntime.Settings()
            settings.port = 0
            settings.peers = peers
            settings.http.logSink = nil
            return settings
        }

        static func run(_ arguments: [String]) throws {
            let result = try CLIProcess.run(arguments)
            guard result.status == 0 else { throw NodeProcessError.failed("samverkan \(arguments[0]): \(result.stderr)") }
        }
    }
}

/// PullGate answers as the node's API does, but holds every pull after the first until it is opened (or 30 s).
private final class PullGate: HTTPResponder {
    let inner: any HTTPResponder
    private let counted = Mutex(0)
    private let gate = DispatchSemaphore(value: 0)
    private let isOpen = Atomic(false)

    init(inner: any HTTPResponder) { self.inner = inner }

    var pulls: Int { counted.withLock { $0 } }

    func open() {
        guard !isOpen.exchange(true, ordering: .sequentiallyConsistent) else { return }
        for _ in 0..<16 { gate.signal() }
    }

    func respond(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse {
        if request.path == "/v1/pull" {
            let number = counted.withLock { count in
                count += 1
                return count
            }
            if number > 1, !isOpen.load(ordering: .sequentiallyConsistent) { _ = gate.wait(timeout: .now() + 30) }
        }
        return inner.respond(to: request, context: context)
    }
}
