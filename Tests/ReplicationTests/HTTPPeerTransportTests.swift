import EventModel
import Foundation
import Synchronization
import Testing

@testable import Replication

#if canImport(Glibc)
    import Glibc
#endif

/// HTTPPeerTransport against a scripted peer on a raw socket: answers cut at any point fail as
/// `unreachable` and never take the process down.
///
/// The partition harness found it: URLSession on Linux calls `fatalError("Transfer completed, but
/// there's no response.")` when a connection closes after the status line and before the end of the
/// header block, so one cut connection killed a node (swift-corelibs-foundation#5285). Before the fix
/// the first test crashed this test process.
@Suite struct HTTPPeerTransportTests {
    let caller = PeerIdentity(origin: Origin("krs-server.1")!, municipality: MunicipalityCode(287)!)

    @Test func anAnswerCutInItsHeadIsUnreachableNotACrash() throws {
        for reply in ["HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nContent-Type: applic", "HTTP/1.1 20", ""] {
            let peer = try ScriptedPeer(reply: reply)
            let transport = HTTPPeerTransport(baseURL: URL(string: "http://127.0.0.1:\(peer.port)")!, caller: caller)
            do {
                _ = try transport.vector()
                Issue.record("reply \(reply.debugDescription) should fail")
            } catch ReplicationError.unreachable {
            } catch {
                Issue.record("reply \(reply.debugDescription): \(error), expected unreachable")
            }
            peer.stop()
        }
        // Cut inside the body announced by Content-Length.
        let peer = try ScriptedPeer(reply: "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"heads\":")
        let transport = HTTPPeerTransport(baseURL: URL(string: "http://127.0.0.1:\(peer.port)")!, caller: caller)
        #expect(throws: ReplicationError.self) { try transport.vector() }
        peer.stop()
    }

    @Test func postsTheBodyAndReadsLengthChunkedAndErrorAnswers() throws {
        let body = "{\"ok\":true}"
        let framed = [
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"ok\"\r\n6;x=y\r\n:true}\r\n0\r\n\r\n",
            "HTTP/1.1 201 Created\r\n\r\n\(body)",  // delimited by the end of the connection
        ]
        for reply in framed {
            let peer = try ScriptedPeer(reply: reply)
            let transport = HTTPPeerTransport(baseURL: URL(string: "http://127.0.0.1:\(peer.port)")!, caller: caller)
            let (answer, _) = try transport.post("/v1/keys", body: ["ask": "x"])
            #expect(answer == ["ok": true], "reply \(reply.debugDescription)")
            let request = peer.requests.first ?? ""
            #expect(request.hasPrefix("POST /v1/keys HTTP/1.1\r\n"))
            #expect(request.contains("Content-Length: 11\r\n") && request.hasSuffix("\r\n\r\n{\"ask\":\"x\"}"))
            #expect(request.contains("Samverkan-Municipality: 287\r\n"))
            peer.stop()
        }
        let peer = try ScriptedPeer(reply: "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 17\r\n\r\n{\"error\":\"busy\"}\n")
        let transport = HTTPPeerTransport(baseURL: URL(string: "http://127.0.0.1:\(peer.port)")!, caller: caller)
        do {
            _ = try transport.post("/v1/keys", body: [:])
            Issue.record("a 503 should throw")
        } catch ReplicationError.http(status: let status, message: let message) {
            #expect(status == 503 && message == "busy")
        }
        peer.stop()
    }

    /// A body announced by Content-Length is received straight into its place: what came with the head, then the
    /// rest over many reads, and nothing beyond its length.
    @Test func aLargeBodyIsReceivedWholeAndExact() throws {
        // Bytes that differ from their neighbours' (no short period), so a body shifted by any offset differs.
        let text = (0..<400_000).map(String.init).joined(separator: ",")
        let body = Array(text.utf8)
        for (length, extra) in [(body.count, ""), (body.count, "trailing bytes the answer does not count"), (1, "")] {
            let peer = try ScriptedPeer(reply: "HTTP/1.1 200 OK\r\nContent-Length: \(length)\r\n\r\n\(text)\(extra)")
            let transport = HTTPPeerTransport(baseURL: URL(string: "http://127.0.0.1:\(peer.port)")!, caller: caller)
            let answer = try transport.answerBytes("POST", "/v1/pull", bytes: [])
            #expect(answer.count == length && answer == Array(body.prefix(length)), "length \(length)")
            peer.stop()
        }
    }

    @Test func anAnswerAnnouncingMoreThanTheCapIsRefusedBeforeItsBodyIsRead() throws {
        // 64 MiB and one byte announced, a few sent: refused on the head alone, not after waiting for the rest.
        let peer = try ScriptedPeer(reply: "HTTP/1.1 200 OK\r\nContent-Length: \((64 << 20) + 1)\r\n\r\nabc")
        let transport = HTTPPeerTransport(baseURL: URL(string: "http://127.0.0.1:\(peer.port)")!, caller: caller)
        do {
            _ = try transport.answerBytes("POST", "/v1/pull", bytes: [])
            Issue.record("an answer over the cap was accepted")
        } catch let ReplicationError.badAnswer(reason) {
            #expect(reason.hasSuffix("answer over 64 MiB"), "\(reason)")
        }
        peer.stop()
    }

    @Test func cancellingACallInFlightEndsItAsUnreachable() throws {
        let peer = try ScriptedPeer(reply: nil)  // reads the request, never answers
        let transport = HTTPPeerTransport(baseURL: URL(string: "http://127.0.0.1:\(peer.port)")!, caller: caller)
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { transport.cancelInFlight() }
        #expect(throws: ReplicationError.self) { try transport.vector() }
        #expect(Date().timeIntervalSince(started) < 10)
        peer.stop()
    }
}

/// A listener on 127.0.0.1 that reads each request and sends `reply` (nil: nothing), then closes.
final class ScriptedPeer: Sendable {
    let port: Int
    private let listener: Int32
    private let received = Mutex<[String]>([])
    private let finished = DispatchSemaphore(value: 0)
    var requests: [String] { received.withLock { $0 } }

    init(reply: String?) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, size) == 0 && getsockname(descriptor, $0, &size) == 0 }
        }
        guard bound, listen(descriptor, 16) == 0 else { throw ReplicationError.unreachable("scripted peer: no listener") }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in
            defer { finished.signal() }
            while true {
                let connection = accept(self.listener, nil, nil)
                guard connection >= 0 else { return }
                var request: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4_096)
                // The head, then as many body bytes as Content-Length says.
                while true {
                    let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                    guard count > 0 else { break }
                    request += buffer[0..<count]
                    let text = String(decoding: request, as: UTF8.self)
                    if let end = text.range(of: "\r\n\r\n") {
                        let length = text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                            .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
                        if text[end.upperBound...].utf8.count >= length { break }
                    }
                }
                self.received.withLock { $0.append(String(decoding: request, as: UTF8.self)) }
                guard let reply else { continue }  // keeps the connection open, unanswered
                _ = Array(reply.utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(connection)
            }
        }.start()
    }

    /// Stops accepting, and closes the listener only once the accepting thread has ended: closed at once, its
    /// descriptor number could be given to the next test's listener while this thread still accepts on it, and
    /// answer that test's call with this peer's reply.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 10)
        close(listener)
    }
}
