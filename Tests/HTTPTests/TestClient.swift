import Foundation
import Glibc

/// A response as the test client read it off the wire.
struct TestResponse {
    let status: Int
    /// Header fields with lowercased names; later duplicates win.
    let headers: [String: String]
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// TestClientError says what went wrong in the raw-socket test client.
struct TestClientError: Error, CustomStringConvertible {
    let description: String
}

/// TestClient is a small blocking HTTP/1.1 client over a raw socket, so tests control every byte.
///
/// Every read has a 5-second timeout so a server bug fails the test instead of hanging it.
final class TestClient {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var isClosed = false

    init(port: Int, receiveTimeout: Double = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw TestClientError(description: "connect: errno \(code)")
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(
            tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout.truncatingRemainder(dividingBy: 1)) * 1e6))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close() }

    func close() {
        if !isClosed {
            isClosed = true
            Glibc.close(descriptor)
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw TestClientError(description: "send: errno \(errno)") }
            offset += count
        }
    }

    /// Reads more bytes into the buffer; returns false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            let code = errno
            if code == ECONNRESET { return false }
            throw TestClientError(description: code == EAGAIN ? "read timed out" : "recv: errno \(code)")
        }
        buffer += chunk[0..<count]
        return count > 0
    }

    /// Reads raw bytes until at least `count` are buffered or the stream ends, and returns them.
    func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count, try fill() {}
        let taken = Array(buffer.prefix(count))
        buffer.removeFirst(taken.count)
        return taken
    }

    /// Reads one response framed by Content-Length (or without a body for bodiless statuses).
    func readResponse(isHeadRequest: Bool = false) throws -> TestResponse {
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.indices.dropLast(3).first { buffer[$0..<$0 + 4].elementsEqual(separator) }
            if headEnd == nil, try !fill() { throw TestClientError(description: "connection closed before a response") }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestClientError(description: "bad status line in \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = isHeadRequest ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        let body = try readBytes(length)
        guard body.count == length else { throw TestClientError(description: "body ended early") }
        return TestResponse(status: status, headers: headers, body: body)
    }

    /// Whether the server has closed the connection: a read returns end of stream with nothing buffered.
    func isClosedByServer() throws -> Bool {
        if !buffer.isEmpty { return false }
        return try !fill() && buffer.isEmpty
    }
}

/// A minimal request with the Host header every HTTP/1.1 request needs.
func request(_ target: String, headers: [String] = []) -> String {
    request("GET", target, headers: headers)
}

/// A minimal request with a method, and a body framed by Content-Length when given.
func request(_ method: String, _ target: String, headers: [String] = [], body: String? = nil) -> String {
    var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    for header in headers { text += header + "\r\n" }
    if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
    return text + "\r\n" + (body ?? "")
}
