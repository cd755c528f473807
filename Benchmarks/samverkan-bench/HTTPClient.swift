import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// HTTPClient is a minimal blocking HTTP/1.1 client over one keep-alive connection to 127.0.0.1.
///
/// The bench's own client, so measuring the server does not measure URLSession.
final class HTTPClient {
    private let socket: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)
    private var pending: [UInt8] = []
    private var outgoing: [UInt8] = []

    struct Response {
        var status: Int
        /// The status line and header fields, without the empty line.
        var head: [UInt8]
        var body: [UInt8]

        /// Header fields by lower-cased name, read from `head` when asked for: the appending clients need only
        /// the status, and a dictionary per answer cost them a third of their parsing.
        var headers: [String: String] { HTTPClient.fields(of: head) }
    }

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("socket() failed") }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let code = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard code == 0 else {
            close(socket)
            throw BenchError("cannot connect to 127.0.0.1:\(port)")
        }
    }

    deinit { close(socket) }

    func get(_ path: String, headers: [String: String] = [:]) throws -> Response {
        try send(method: "GET", path: path, headers: headers, body: [])
    }

    func post(_ path: String, body: [UInt8]) throws -> Response {
        try send(method: "POST", path: path, headers: ["Content-Type": "application/json"], body: body)
    }

    func send(method: String, path: String, headers: [String: String], body: [UInt8]) throws -> Response {
        // Written as bytes into a buffer kept between requests: the client shares the two cores with the
        // server it measures, and building the head as a String cost it about 5,000 instructions a request.
        outgoing.removeAll(keepingCapacity: true)
        outgoing += method.utf8
        outgoing.append(UInt8(ascii: " "))
        outgoing += path.utf8
        outgoing += " HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8
        for (name, value) in headers {
            outgoing += name.utf8
            outgoing += ": ".utf8
            outgoing += value.utf8
            outgoing += "\r\n".utf8
        }
        if method != "GET" {
            outgoing += "Content-Length: ".utf8
            outgoing += String(body.count).utf8
            outgoing += "\r\n".utf8
        }
        outgoing += "\r\n".utf8
        outgoing += body
        try writeAll(outgoing)
        return try readResponse()
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(socket, $0.baseAddress! + offset, bytes.count - offset) }
            guard written > 0 else { throw BenchError("write failed") }
            offset += written
        }
    }

    private func fill() throws {
        let count = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
        guard count > 0 else { throw BenchError("connection closed by the server") }
        pending += buffer[0..<count]
    }

    /// Reads one response, parsing its head on bytes: the client shares the two cores with the server
    /// it measures, so every cycle it spends is taken from the server (Foundation's trimming and
    /// lower-casing made it cost as much as the server's own request handling).
    private func readResponse() throws -> Response {
        var end: Int?
        var scanned = 0
        while end == nil {
            end = Self.headerEnd(pending, from: max(0, scanned - 3))
            scanned = pending.count
            if end == nil { try fill() }
        }
        let head = Array(pending[0..<end!])
        var status = 0
        var length = 0
        var lineStart = 0
        var index = 0
        while index <= head.count {
            if index == head.count || (head[index] == 13 && index + 1 < head.count && head[index + 1] == 10) {
                if lineStart == 0 {
                    // "HTTP/1.1 201 Created"
                    if index >= 12 { status = head[9..<12].reduce(0) { $0 * 10 + Int($1) - 48 } }
                } else if index - lineStart > 15, head[lineStart + 14] == UInt8(ascii: ":"),
                    zip(head[lineStart..<lineStart + 14], "content-length".utf8).allSatisfy({ $0 | 0x20 == $1 })
                {
                    var digit = lineStart + 15
                    while digit < index, head[digit] == 32 { digit += 1 }
                    length = Int(String(decoding: head[digit..<index], as: UTF8.self)) ?? 0
                }
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        pending.removeFirst(end! + 4)
        while pending.count < length { try fill() }
        let body = Array(pending[0..<length])
        pending.removeFirst(length)
        return Response(status: status, head: head, body: body)
    }

    /// The header fields of a response head by lower-cased name (the last of a repeated name wins).
    static func fields(of head: [UInt8]) -> [String: String] {
        var headers: [String: String] = [:]
        var lineStart = 0
        var index = 0
        while index <= head.count {
            if index == head.count || (head[index] == 13 && index + 1 < head.count && head[index + 1] == 10) {
                let line = head[lineStart..<index]
                if lineStart > 0, let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                    let name = String(decoding: line[lineStart..<colon], as: UTF8.self).lowercased()
                    var valueStart = colon + 1
                    while valueStart < index, line[valueStart] == 32 { valueStart += 1 }
                    headers[name] = String(decoding: line[valueStart..<index], as: UTF8.self)
                }
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        return headers
    }

    private static func headerEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4, start <= bytes.count - 4 else { return nil }
        for index in start...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// Runs `body(thread)` on `count` threads at once and waits for all.
func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for thread in 0..<count {
        group.enter()
        let worker = Thread {
            body(thread)
            group.leave()
        }
        worker.stackSize = 1 << 20
        worker.start()
    }
    group.wait()
}
