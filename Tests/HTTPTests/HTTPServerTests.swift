import Foundation
import HTTP
import Synchronization
import Testing

/// Routes used by the live-server tests.
struct TestResponder: HTTPResponder {
    func respond(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse {
        switch request.path {
        case "/echo":
            return HTTPResponse(headers: ["X-Method": request.method.rawValue], body: request.body)
        case "/slow":
            let milliseconds = Int(request.target.queryValue("ms") ?? "") ?? 1000
            Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
            return .text("slow done")
        case "/big":
            let megabytes = Int(request.target.queryValue("mb") ?? "") ?? 20
            return HTTPResponse(body: [UInt8](repeating: UInt8(ascii: "a"), count: megabytes * 1_000_000))
        case "/longpoll":
            let woke = context.shutdownSignal.wait(timeout: .seconds(20))
            return .text(woke ? "woke" : "timed out")
        default:
            return .text("hello \(request.path)")
        }
    }
}

/// Collects log lines from a server so tests can inspect them.
final class LogCollector: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }

    var all: [String] { lines.withLock { $0 } }

    /// Waits up to `timeout` seconds for a line matching `predicate`.
    func waitForLine(timeout: Double = 5, where predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = all.first(where: predicate) { return line }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }
}

/// Starts a server on 127.0.0.1 port 0; the caller must shut it down (use `defer`).
func startServer(
    log: LogCollector? = nil, _ configure: (inout HTTPServer.Configuration) -> Void = { _ in }
) throws -> HTTPServer {
    var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, logSink: log?.sink)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, responder: TestResponder())
    try server.start()
    return server
}

/// Runs `body` on a thread of its own and returns a semaphore signalled when it ends.
func inBackground(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        body()
        done.signal()
    }
    return done
}

@Suite(.serialized) struct HTTPServerTests {
    @Test func bindsAnEphemeralPort() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        #expect(server.boundPort > 0)
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("/one"))
        let first = try client.readResponse()
        try client.send(request("/two"))
        let second = try client.readResponse()
        #expect(first.text == "hello /one")
        #expect(second.text == "hello /two")
        #expect(first.headers["connection"] == nil)
        try client.send(request("/three", headers: ["Connection: close"]))
        let third = try client.readResponse()
        #expect(third.headers["connection"] == "close")
        #expect(try client.isClosedByServer())
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("/slow?ms=200") + request("POST", "/echo", body: "two") + request("/three"))
        let responses = try (0..<3).map { _ in try client.readResponse() }
        #expect(responses.map(\.text) == ["slow done", "two", "hello /three"])
    }

    @Test func chunkedBodyIsEchoed() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("POST", "/echo", headers: ["Transfer-Encoding: chunked"]) + "5;x=y\r\nhello\r\n")
        Thread.sleep(forTimeInterval: 0.05)
        try client.send("7\r\n, world\r\n0\r\nX-Checksum: 1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello, world")
    }

    @Test func requestSplitIntoSingleByteWritesIsServed() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        for byte in Array(request("POST", "/echo", body: "split body").utf8) { try client.send([byte]) }
        #expect(try client.readResponse().text == "split body")
    }

    @Test func headRequestHasLengthButNoBody() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("HEAD", "/x") + request("/y"))
        let head = try client.readResponse(isHeadRequest: true)
        #expect(head.headers["content-length"] == "8")
        #expect(try client.readResponse().text == "hello /y")
    }

    @Test func oversizedBodyIs413BeforeTheBodyIsSent() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000000\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.headers["connection"] == "close")
        #expect(try client.isClosedByServer())
    }

    @Test func longRequestLineIs414() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("/" + String(repeating: "x", count: 9000)))
        let response = try client.readResponse()
        #expect(response.status == 414)
        #expect(response.headers["connection"] == "close")
    }

    @Test func largeHeaderSectionIs431() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(
            request("/", headers: (0..<40).map { "X-Filler-\($0): \(String(repeating: "f", count: 1000))" }))
        #expect(try client.readResponse().status == 431)
    }

    @Test func framingErrorIs400WithJSONAndClose() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc")
        let response = try client.readResponse()
        #expect(response.status == 400)
        #expect(response.headers["connection"] == "close")
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
        #expect(object?["error"]?.contains("Transfer-Encoding") == true)
        #expect(try client.isClosedByServer())
    }

    @Test func slowClientDoesNotDelayOthers() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let slow = try TestClient(port: server.boundPort)
        let bytes = Array(request("/slowpoke").utf8)
        for index in 0..<3 {
            try slow.send([bytes[index]])
            let started = Date()
            let fast = try TestClient(port: server.boundPort)
            try fast.send(request("/fast"))
            #expect(try fast.readResponse().text == "hello /fast")
            #expect(Date().timeIntervalSince(started) < 0.5)
            Thread.sleep(forTimeInterval: 1)
        }
        try slow.send(Array(bytes[3...]))
        #expect(try slow.readResponse().text == "hello /slowpoke")
    }

    @Test func clientLeavingDuringALargeResponseDoesNotHurtTheServer() throws {
        let log = LogCollector()
        let server = try startServer(log: log)
        defer { server.shutdown(graceSeconds: 1) }
        let quitter = try TestClient(port: server.boundPort)
        try quitter.send(request("/big?mb=20"))
        #expect(try quitter.readBytes(100_000).count == 100_000)
        quitter.close()
        let line = log.waitForLine { $0.contains("\"/big\"") }
        let entry = try #require(
            line.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect((entry["bytes"] as? Int ?? .max) < 20_000_000)
        let next = try TestClient(port: server.boundPort)
        try next.send(request("/after"))
        #expect(try next.readResponse().text == "hello /after")
    }

    @Test func incompleteHeadTimesOutWith408() throws {
        let server = try startServer { $0.headerTimeout = .seconds(1) }
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        let started = Date()
        try client.send("GET / HTTP/1.1\r\nHost: a\r\n")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.headers["connection"] == "close")
        #expect((0.8..<3).contains(Date().timeIntervalSince(started)))
        #expect(try client.isClosedByServer())
    }

    @Test func stalledBodyTimesOutWith408() throws {
        let server = try startServer { $0.bodyReadTimeout = .milliseconds(500) }
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try client.readResponse().status == 408)
    }

    @Test func expectContinueGets100BeforeTheBody() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("POST", "/echo", headers: ["Expect: 100-continue", "Content-Length: 4"]))
        #expect(try client.readResponse().status == 100)
        try client.send("body")
        #expect(try client.readResponse().text == "body")
    }

    @Test func http10ConnectionClosesAfterTheResponse() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send("GET /old HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.text == "hello /old")
        #expect(response.headers["connection"] == "close")
        #expect(try client.isClosedByServer())
    }

    @Test func idleConnectionIsClosedSilently() throws {
        let server = try startServer { $0.idleTimeout = .milliseconds(500) }
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("/"))
        _ = try client.readResponse()
        let started = Date()
        #expect(try client.isClosedByServer())
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func connectionsBeyondTheCapGet503() throws {
        let server = try startServer { $0.maxConnections = 2 }
        defer { server.shutdown(graceSeconds: 1) }
        let first = try TestClient(port: server.boundPort)
        let second = try TestClient(port: server.boundPort)
        for client in [first, second] {
            try client.send(request("/"))
            _ = try client.readResponse()
        }
        let refused = try TestClient(port: server.boundPort)
        let response = try refused.readResponse()
        #expect(response.status == 503)
        #expect(response.headers["connection"] == "close")
        #expect(try refused.isClosedByServer())
        first.close()
        var servedAfterwards = false
        for _ in 0..<50 where !servedAfterwards {
            let client = try TestClient(port: server.boundPort)
            try client.send(request("/again"))
            servedAfterwards = (try? client.readResponse().status) == 200
            if !servedAfterwards { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(servedAfterwards)
    }

    @Test func gracefulShutdownFinishesTheRequestInFlight() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let port = server.boundPort
        let idle = try TestClient(port: port)
        try idle.send(request("/"))
        _ = try idle.readResponse()
        let busy = try TestClient(port: port)
        try busy.send(request("/slow?ms=1000"))
        Thread.sleep(forTimeInterval: 0.2)
        let stopped = inBackground { server.shutdown(graceSeconds: 5) }
        let response = try busy.readResponse()
        #expect(response.text == "slow done")
        #expect(response.headers["connection"] == "close")
        #expect(try idle.isClosedByServer())
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(throws: TestClientError.self) { try TestClient(port: port) }
    }

    @Test func waitUntilStoppedResumesAfterShutdown() async throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        _ = inBackground {
            Thread.sleep(forTimeInterval: 0.1)
            server.shutdown(graceSeconds: 1)
        }
        await server.waitUntilStopped()
        #expect(server.isShuttingDown)
        #expect(throws: TestClientError.self) { try TestClient(port: server.boundPort) }
    }

    @Test func shutdownWakesALongPoll() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("/longpoll"))
        Thread.sleep(forTimeInterval: 0.2)
        let started = Date()
        server.shutdown(graceSeconds: 10)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(try client.readResponse().text == "woke")
    }

    @Test func shutdownForceClosesAfterTheGracePeriod() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        // A head that never completes: only the forced close ends this connection.
        try client.send("GET / HTTP/1.1\r\n")
        Thread.sleep(forTimeInterval: 0.1)
        let started = Date()
        server.shutdown(graceSeconds: 0.3)
        #expect(Date().timeIntervalSince(started) < 1.5)
        #expect(try client.isClosedByServer())
    }

    @Test func logsOneJSONLinePerRequestWithoutQueryValues() throws {
        let log = LogCollector()
        let server = try startServer(log: log)
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        try client.send(request("POST", "/echo?secret=hunter2", body: "payload-secret"))
        _ = try client.readResponse()
        let line = try #require(log.waitForLine { $0.contains("/echo") })
        #expect(!line.contains("hunter2"))
        #expect(!line.contains("payload-secret"))
        #expect(!line.contains("\n"))
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(entry["method"] as? String == "POST")
        #expect(entry["path"] as? String == "/echo")
        #expect(entry["status"] as? Int == 200)
        #expect((entry["bytes"] as? Int ?? 0) > 14)
        #expect(entry["duration_ms"] is Double)
        #expect((entry["remote"] as? String)?.hasPrefix("127.0.0.1:") == true)
    }
}
